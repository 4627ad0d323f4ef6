using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;
using Ser.Core.MLNet;
using Ser.Core.Tests.Audio;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.MLNet;

public sealed class AudioWindowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-windows-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Samples
    {
        public float[] Audio { get; set; } = [];
        public int SampleRate { get; set; }
    }

    [Fact]
    public void LoadAudioReadsEachWindowOfAFileAsItsSliceOfTheWholeClip()
    {
        var ml = new MLContext(seed: 1);
        string path = Path.Combine(_dir, "noise.wav");
        var whole = TestSignals.Noise(8000, 2.5);
        new AudioClip(whole, 8000).Save(path, WavSampleFormat.Float32);
        var windows = ml.Data.LoadAudioWindows([path], windowSeconds: 0.4, hopSeconds: 0.3);
        var rows = ml.Data.CreateEnumerable<AudioWindowInput>(windows, reuseRowObject: false).ToArray();
        Assert.Equal(8, rows.Length);                                   // starts 0, 0.3, … 1.8, and 2.1 ending at 2.5 s
        Assert.Equal(2.1, rows[^1].WindowStart, 9);
        var loaded = ml.Transforms.LoadAudio().Fit(windows).Transform(windows);
        var audio = ml.Data.CreateEnumerable<Samples>(loaded, reuseRowObject: false).ToArray();
        for (int i = 0; i < rows.Length; i++)
        {
            int start = (int)Math.Round(rows[i].WindowStart * 8000);
            Assert.Equal(whole.AsSpan(start, 3200).ToArray(), audio[i].Audio);
            Assert.Equal(i, rows[i].Window);
        }
    }

    private sealed class SingleWindow
    {
        public string Path { get; set; } = "";
        public float WindowStart { get; set; }
    }

    private sealed class TextWindow
    {
        public string Path { get; set; } = "";
        public string WindowStart { get; set; } = "";
    }

    [Fact]
    public void WindowColumnsOfSingleAreReadAndOfOtherTypesAreRefusedByName()
    {
        var ml = new MLContext(seed: 1);
        string path = Path.Combine(_dir, "ramp.wav");
        var ramp = Enumerable.Range(0, 16000).Select(i => i / 16000f).ToArray();
        new AudioClip(ramp, 16000).Save(path, WavSampleFormat.Float32);
        var data = ml.Data.LoadFromEnumerable([new SingleWindow { Path = path, WindowStart = 0.75f }]);
        var audio = ml.Transforms.LoadAudio().Fit(data).Transform(data).GetColumn<float[]>("Audio").Single();
        Assert.Equal(ramp[12000..], audio);                             // no duration column: to the end

        var text = ml.Data.LoadFromEnumerable([new TextWindow { Path = path, WindowStart = "1" }]);
        var e = Assert.Throws<SchemaMismatchException>(() => ml.Transforms.LoadAudio().Fit(text));
        Assert.Contains("WindowStart", e.Message);
        var ignored = new AudioLoadingTransform.Options { WindowStartColumnName = null };
        Assert.Equal(16000, ml.Transforms.LoadAudio(ignored).Fit(text).Transform(text).GetColumn<float[]>("Audio").Single().Length);

        var late = ml.Data.LoadFromEnumerable([new SingleWindow { Path = path, WindowStart = 1.5f }]);
        var past = Assert.Throws<AudioFormatException>(() => ml.Transforms.LoadAudio().Fit(late).Transform(late).GetColumn<float[]>("Audio").ToArray());
        Assert.Contains("at or after the end of the audio", past.Reason);
        Assert.Equal(path, past.Source);
    }

    [Fact]
    public void TheLastWindowOfAFileOverTwoGibibytesIsReadBySeeking()
    {
        const long frames = 1_207_959_552;                              // 2.25 GiB of 16-bit mono (sparse)
        string path = Path.Combine(_dir, "long.wav");
        AudioReaderTests.WriteRf64Header(path, 16000, frames, marker: 999);
        var ml = new MLContext(seed: 1);
        var windows = ml.Data.LoadAudioWindows([path], windowSeconds: 4);
        var loaded = ml.Transforms.LoadAudio().Fit(windows).Transform(windows);
        long rows = 0;
        using (var cursor = loaded.GetRowCursor(loaded.Schema))
            while (cursor.MoveNext()) rows++;                           // windows not asked for are not read
        Assert.Equal((frames + 63_999) / 64_000, rows);
        var last = ml.Data.TakeRows(ml.Data.SkipRows(loaded, rows - 1), 1).GetColumn<float[]>("Audio").Single();
        Assert.Equal(64_000, last.Length);
        Assert.Equal(-999 / 32768f, last[^1]);
    }
}
