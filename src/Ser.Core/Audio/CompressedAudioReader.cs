using NAudio.Wave;
using NLayer;
using NVorbis;

namespace Ser.Core.Audio;

/// <summary>
/// Reads the formats besides WAV: AIFF/AIFC (NAudio.Core), Ogg Vorbis (NVorbis) and MP3 (NLayer), recognised by their
/// signatures, decoded to float32 interleaved samples. Every decoder failure becomes an
/// <see cref="AudioFormatException"/> naming the file, the format and the reason.
/// </summary>
internal static class CompressedAudioReader
{
    /// <summary>A format this reader decodes, from the first bytes of a file; null for anything else.</summary>
    public static string? Recognise(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[..4].SequenceEqual("FORM"u8) && (head.Slice(8, 4).SequenceEqual("AIFF"u8) || head.Slice(8, 4).SequenceEqual("AIFC"u8)))
            return "AIFF";
        if (head.Length >= 4 && head[..4].SequenceEqual("OggS"u8)) return "Ogg Vorbis";
        if (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8)) return "MP3";
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0) return "MP3";   // MPEG audio frame sync, layer ≠ 0
        return null;
    }

    /// <summary>Decodes <paramref name="stream"/> (the file <paramref name="path"/>, left open) as <paramref name="format"/> (from <see cref="Recognise"/>).</summary>
    /// <exception cref="AudioFormatException">The file cannot be decoded, holds no samples, or exceeds <see cref="WavReadOptions.MaxDataBytes"/>.</exception>
    public static AudioClip Read(Stream stream, string path, string format, WavReadOptions options)
    {
        try
        {
            var (samples, rate, channels) = format switch
            {
                "AIFF" => ReadAiff(stream, path, options),
                "Ogg Vorbis" => ReadVorbis(stream, path, options),
                _ => ReadMp3(stream, path, options),
            };
            if (channels < 1) throw new AudioFormatException(path, $"{format}: zero channels");
            if (rate < 1) throw new AudioFormatException(path, $"{format}: sample rate {rate} Hz");
            int frames = samples.Length / channels;
            if (frames == 0) throw new AudioFormatException(path, $"{format}: no samples");
            if (samples.Length != frames * channels) Array.Resize(ref samples, frames * channels);
            for (int i = 0; i < samples.Length; i++)
                if (!float.IsFinite(samples[i])) throw new AudioFormatException(path, $"{format}: sample frame {i / channels} is NaN or infinite");
            return WavReader.ApplyChannelMode(new AudioClip(samples, rate, ChannelLayout.ForCount(channels), path), options, path, channels);
        }
        catch (Exception e) when (e is not AudioFormatException and not OutOfMemoryException)
        {
            throw new AudioFormatException(path, $"cannot decode {format}: {e.Message}", e);
        }
    }

    private static (float[] Samples, int Rate, int Channels) ReadAiff(Stream stream, string path, WavReadOptions options)
    {
        using var reader = new AiffFileReader(stream);
        var provider = reader.ToSampleProvider();
        return (Drain((buffer, count) => provider.Read(buffer.AsSpan(0, count)), options, path), provider.WaveFormat.SampleRate, provider.WaveFormat.Channels);
    }

    private static (float[] Samples, int Rate, int Channels) ReadVorbis(Stream stream, string path, WavReadOptions options)
    {
        using var reader = new VorbisReader(stream, closeOnDispose: false);
        return (Drain((buffer, count) => reader.ReadSamples(buffer, 0, count), options, path), reader.SampleRate, reader.Channels);
    }

    private static (float[] Samples, int Rate, int Channels) ReadMp3(Stream stream, string path, WavReadOptions options)
    {
        using var reader = new MpegFile(stream);
        return (Drain((buffer, count) => reader.ReadSamples(buffer, 0, count), options, path), reader.SampleRate, reader.Channels);
    }

    /// <summary>Reads a decoder to its end, within the size limit.</summary>
    private static float[] Drain(Func<float[], int, int> read, WavReadOptions options, string path)
    {
        var chunk = new float[1 << 15];
        var all = new List<float[]>();
        long total = 0;
        int n;
        while ((n = read(chunk, chunk.Length)) > 0)
        {
            total += n;
            if (total * sizeof(float) > options.MaxDataBytes || total > Array.MaxLength)
                throw new AudioFormatException(path, $"decoded audio exceeds the {options.MaxDataBytes}-byte limit");
            all.Add(chunk.AsSpan(0, n).ToArray());
        }
        var samples = new float[total];
        int at = 0;
        foreach (var part in all)
        {
            part.CopyTo(samples, at);
            at += part.Length;
        }
        return samples;
    }
}
