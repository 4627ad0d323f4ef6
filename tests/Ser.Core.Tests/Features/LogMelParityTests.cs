using System.Text.Json;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ser.Core.Tests.Features;

/// <summary>
/// Each preset against its reference (torchaudio 0.13 or VGGish's mel_features formulas, float64), on
/// fixtures made by reference/make_logmel_fixtures.py. Tolerances from the issue: max |Δ| ≤ 1e-3,
/// mean |Δ| ≤ 1e-4.
/// </summary>
public class LogMelParityTests(ITestOutputHelper output)
{
    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "logmel");

    public static TheoryData<string, string> Cases()
    {
        var d = new TheoryData<string, string>();
        foreach (var p in new[] { "Paper", "VGGish", "YAMNet", "TorchAudio", "Librosa" })
            foreach (var s in new[] { "sine", "chirp", "noise", "silence" })
                d.Add(p, s);
        return d;
    }

    public static TheoryData<string> Presets() => new() { "Paper", "VGGish", "YAMNet", "TorchAudio", "Librosa" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SyntheticSignalMatchesReference(string preset, string signal)
    {
        var entry = Entry(preset, signal);
        int sr = entry.GetProperty("sample_rate").GetInt32();
        double dur = Index.RootElement.GetProperty("duration_s").GetDouble();
        float[] x = signal switch
        {
            "sine" => TestSignals.Sine(sr, dur),
            "chirp" => TestSignals.Chirp(sr, dur),
            "noise" => TestSignals.Noise(sr, dur),
            _ => TestSignals.Silence(sr, dur),
        };
        Compare(preset, x, entry);
    }

    [SkippableTheory]
    [MemberData(nameof(Presets))]
    public void RavdessSpeechMatchesReference(string preset)
    {
        var dir = SharedData.Ravdess;
        Skip.If(dir is null, SharedData.MissingMessage);
        var entry = Entry(preset, "speech");
        var clip = AudioClip.Load(Path.Combine(dir!, Index.RootElement.GetProperty("speech_file").GetString()!));
        int start = Index.RootElement.GetProperty("speech_start").GetInt32();
        var x = clip.Samples.Slice(start, entry.GetProperty("samples").GetInt32()).ToArray();
        Compare(preset, x, entry);
    }

    private void Compare(string preset, float[] x, JsonElement entry)
    {
        var options = Preset(preset);
        var expected = ReadF32(entry.GetProperty("file").GetString()!);
        var actual = new LogMel(options).Compute(x);
        Assert.Equal(entry.GetProperty("frames").GetInt32(), actual.Frames);
        Assert.Equal(entry.GetProperty("mels").GetInt32(), actual.Bins);
        double max = 0, sum = 0;
        var a = actual.Data;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(a[i] - expected[i]);
            sum += d;
            max = Math.Max(max, d);
        }
        double mean = sum / expected.Length;
        output.WriteLine($"{preset} {entry.GetProperty("signal").GetString()}: max |Δ| = {max:E2}, mean |Δ| = {mean:E2}");
        Assert.True(max <= 1e-3, $"max |Δ| = {max:E3} > 1e-3");
        Assert.True(mean <= 1e-4, $"mean |Δ| = {mean:E3} > 1e-4");
    }

    internal static LogMelOptions Preset(string name) => name switch
    {
        "Paper" => LogMelOptions.Paper,
        "VGGish" => LogMelOptions.VGGish,
        "YAMNet" => LogMelOptions.YAMNet,
        "TorchAudio" => LogMelOptions.TorchAudio,
        "Librosa" => LogMelOptions.Librosa,
        _ => throw new ArgumentException(name),
    };

    private static readonly JsonDocument Index = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDir, "index.json")));

    private static JsonElement Entry(string preset, string signal)
    {
        foreach (var e in Index.RootElement.GetProperty("entries").EnumerateArray())
            if (e.GetProperty("preset").GetString() == preset && e.GetProperty("signal").GetString() == signal) return e;
        throw new InvalidOperationException($"no fixture for {preset}/{signal}; run reference/make_logmel_fixtures.py");
    }

    private static float[] ReadF32(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(FixtureDir, file));
        var f = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, f, 0, bytes.Length);
        return f;
    }
}
