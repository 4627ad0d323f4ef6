using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;
using Ser.Core.MLNet;
using Xunit;

namespace Ser.Core.Tests.Audio;

/// <summary>The formats besides WAV, against WAV twins made by sox from the same synthesis (reference/make_audio_format_fixtures.sh).</summary>
public sealed class AudioFormatTests : IDisposable
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "formats");
    private readonly string _tmp = Directory.CreateTempSubdirectory("ser-formats-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    [Fact]
    public void AiffDecodesToTheSamplesOfItsWavTwin()
    {
        var keep = new WavReadOptions { ChannelMode = ChannelMode.KeepAll };
        var aiff = AudioClip.Load(Path.Combine(Dir, "tone-stereo.aiff"), keep);
        var wav = AudioClip.Load(Path.Combine(Dir, "tone-stereo.wav"), keep);
        Assert.Equal(2, aiff.Channels);
        Assert.Equal(16000, aiff.SampleRate);
        Assert.Equal(wav.Samples.ToArray(), aiff.Samples.ToArray());
        Assert.Equal(wav.ToMono().Samples.ToArray(), AudioClip.Load(Path.Combine(Dir, "tone-stereo.aiff")).Samples.ToArray());
    }

    [Fact]
    public void OggVorbisDecodesCloseToItsWavTwin()
    {
        var ogg = AudioClip.Load(Path.Combine(Dir, "tone-mono.ogg")).Samples.ToArray();
        var wav = AudioClip.Load(Path.Combine(Dir, "tone-mono.wav")).Samples.ToArray();
        Assert.Equal(wav.Length, ogg.Length);
        double signal = 0, error = 0;
        for (int i = 0; i < wav.Length; i++)
        {
            signal += wav[i] * (double)wav[i];
            error += (wav[i] - ogg[i]) * (double)(wav[i] - ogg[i]);
        }
        double snr = 10 * Math.Log10(signal / error);
        Assert.True(snr > 20, $"Vorbis decode SNR {snr:F1} dB against the WAV twin");
    }

    [Theory]
    [InlineData("ima-mono")]
    [InlineData("ima-stereo")]
    [InlineData("msadpcm-mono")]
    [InlineData("msadpcm-stereo")]
    public void AdpcmDecodesExactlyAsSoxDoes(string name)
    {
        var keep = new WavReadOptions { ChannelMode = ChannelMode.KeepAll };
        var ours = AudioClip.Load(Path.Combine(Dir, name + ".wav"), keep);
        var sox = AudioClip.Load(Path.Combine(Dir, name + "-decoded.wav"), keep);
        Assert.Equal(sox.Channels, ours.Channels);
        Assert.Equal(4800, ours.FrameCount);                       // 0.3 s at 16 kHz: the 'fact' chunk trims the last block's padding
        Assert.True(sox.FrameCount >= ours.FrameCount);             // sox decodes whole blocks, padding included
        Assert.Equal(sox.Samples[..(4800 * sox.Channels)].ToArray(), ours.Samples.ToArray());
    }

    [Theory]
    [InlineData("tone-mono.ogg", "Ogg Vorbis")]
    [InlineData("tone-stereo.aiff", "AIFF")]
    public void ATruncatedFileRaisesAudioFormatExceptionNamingTheFormat(string name, string format)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Dir, name));
        string cut = Path.Combine(_tmp, name);
        File.WriteAllBytes(cut, bytes[..40]);
        var e = Assert.Throws<AudioFormatException>(() => AudioClip.Load(cut));
        Assert.Equal(cut, e.Source);
        Assert.Contains(format, e.Reason);
    }

    [Fact]
    public void LoadAudioReadsOggAndAiffInAPipeline()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new AudioFileInput { Path = Path.Combine(Dir, "tone-mono.ogg") },
            new AudioFileInput { Path = Path.Combine(Dir, "tone-stereo.aiff") },
        });
        var audio = ml.Transforms.LoadAudio().Fit(data).Transform(data).GetColumn<float[]>("Audio").ToArray();
        Assert.Equal(8000, audio[0].Length);
        Assert.Equal(4000, audio[1].Length);
    }
}
