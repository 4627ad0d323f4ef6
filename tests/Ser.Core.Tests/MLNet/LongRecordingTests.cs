using System.Buffers.Binary;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Data;
using Ser.Core.Tests.Explanations;
using Ser.Core.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ser.Core.Tests.MLNet;

/// <summary>A one-hour recording scored window by window by a fitted model, through stock ML.NET.</summary>
[Collection(LibtorchCollection.Name)]
public sealed class LongRecordingTests(BurstModelFixture burst, ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-hour-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Writes an hour of 16 kHz 16-bit audio as 1800 of the burst model's 2 s clips, window by window (never the whole
    /// hour in memory); every fifth clip holds the burst. Returns the expected label of each 2 s window.
    /// </summary>
    private static string[] WriteHour(string path)
    {
        const int clips = 1800;
        long dataBytes = (long)clips * BurstModelFixture.Samples * 2;
        using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), BurstModelFixture.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), BurstModelFixture.SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)dataBytes);
        f.Write(header);
        var labels = new string[clips];
        var pcm = new byte[BurstModelFixture.Samples * 2];
        for (int i = 0; i < clips; i++)
        {
            bool angry = i % 5 == 2;
            var (clip, _) = BurstModelFixture.Clip(90_000 + i, angry);
            var x = clip.Samples;
            for (int j = 0; j < x.Length; j++)
                BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(2 * j), (short)Math.Clamp(Math.Round(x[j] * 32768.0), short.MinValue, short.MaxValue));
            f.Write(pcm);
            labels[i] = (angry ? Emotion.Angry : Emotion.Neutral).Name();
        }
        return labels;
    }

    [Fact]
    public void AnHourIsScoredWindowByWindowInBoundedMemory()
    {
        string path = Path.Combine(_dir, "hour.wav");
        var expected = WriteHour(path);
        var ml = new MLContext(seed: 1);
        var windows = ml.Data.LoadAudioWindows([path], windowSeconds: 2);
        var scored = burst.Model.Transform(ml.Transforms.LoadAudio().Fit(windows).Transform(windows));

        using var cursor = scored.GetRowCursor(scored.Schema);
        var predicted = cursor.GetGetter<ReadOnlyMemory<char>>(scored.Schema["PredictedLabel"]);
        var start = cursor.GetGetter<double>(scored.Schema["WindowStart"]);
        ReadOnlyMemory<char> label = default;
        double at = 0;
        int rows = 0, right = 0;
        long before = GC.GetTotalAllocatedBytes(precise: true);         // every thread: ML.NET may score on several
        while (cursor.MoveNext())
        {
            predicted(ref label);
            start(ref at);
            Assert.Equal(2.0 * rows, at, 9);
            right += label.Span.SequenceEqual(expected[rows]) ? 1 : 0;
            rows++;
        }
        long perRow = (GC.GetTotalAllocatedBytes(precise: true) - before) / Math.Max(1, rows);
        output.WriteLine($"{rows} windows, {right} right, {perRow} bytes allocated per window");
        Assert.Equal(1800, rows);
        Assert.True(right >= 1800 * 0.9, $"{right} of 1800 windows right");
        // A row reads its 2 s window (64 KB of PCM, 128 KB of samples), never the hour (115 MB of PCM, 230 MB of samples).
        Assert.True(perRow < 4 << 20, $"{perRow} bytes allocated per window");
    }
}
