using System.Text.Json;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.Features;

public class AcousticFeatureTests
{
    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mfcc");
    private static readonly Lazy<JsonDocument> Index = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDir, "index.json"))));

    public static TheoryData<string> Signals() => new() { "sine", "chirp", "noise", "silence", "speech" };

    private static float[] Signal(string name) => name switch
    {
        "sine" => TestSignals.Sine(16000, 0.5),
        "chirp" => TestSignals.Chirp(16000, 0.5),
        "noise" => TestSignals.Noise(16000, 0.5),
        "silence" => TestSignals.Silence(16000, 0.5),
        _ => throw new ArgumentException(name),
    };

    [SkippableTheory]
    [MemberData(nameof(Signals))]
    public void MfccMatchesTorchaudioWithinOneThousandth(string signal)
    {
        float[] x;
        if (signal == "speech")
        {
            Skip.If(SharedData.Ravdess is null, SharedData.MissingMessage);
            var clip = AudioClip.Load(Path.Combine(SharedData.Ravdess!, Index.Value.RootElement.GetProperty("speech_file").GetString()!));
            int start = Index.Value.RootElement.GetProperty("speech_start").GetInt32();
            x = clip.Samples.Slice(start, 8000).ToArray();
        }
        else
        {
            x = Signal(signal);
        }
        var entry = Index.Value.RootElement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("signal").GetString() == signal);
        byte[] bytes = File.ReadAllBytes(Path.Combine(FixtureDir, entry.GetProperty("file").GetString()!));
        var expected = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, expected, 0, bytes.Length);
        var mfcc = new Mfcc().Compute(x);
        Assert.Equal(entry.GetProperty("frames").GetInt32(), mfcc.Frames);
        Assert.Equal(40, mfcc.Bins);
        double max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(mfcc.Data[i] - expected[i]));
        Assert.True(max <= 1e-3, $"max |Δ| = {max:E2}");
    }

    [Fact]
    public void FrameFeaturesOfASineHaveKnownValues()
    {
        var fx = new AcousticFeatureExtractor();
        var x = TestSignals.Sine(16000, 1.0, 440, 0.5);
        var f = fx.FrameFeatures(x);
        int mid = f.Frames / 2;
        Assert.Equal(2 * 440.0 / 16000, f[mid, 0], 2);                 // zero-crossing rate
        Assert.Equal(0.5 / Math.Sqrt(2), f[mid, 1], 2);                 // RMS
        Assert.InRange(f[mid, 2], 400, 520);                            // centroid near 440 Hz (window leakage)
        int a = fx.FrameFeatureNames.ToList().IndexOf("chroma_A");
        Assert.Equal(1f, f[mid, a]);
        Assert.Equal("zcr", fx.FrameFeatureNames[0]);
    }

    [Fact]
    public void ClipFeaturesAreNamedAndMomentsAreRight()
    {
        var fx = new AcousticFeatureExtractor();
        var clip = new AudioClip(TestSignals.Noise(16000, 1.0), 16000, source: "noise");
        var v = fx.ClipFeatures(clip);
        Assert.Equal(fx.ClipFeatureNames.Count, v.Values.Length);
        Assert.Equal(16 + 40 + 4, v.Values.Length);
        Assert.All(v.Values, x => Assert.True(float.IsFinite(x)));
        // Uniform noise in [-0.25, 0.25): variance 0.5²/12, skewness 0, excess kurtosis −1.2.
        Assert.Equal(0.25 / 12, v["variance"], 3);
        Assert.Equal(0, v["skewness"], 1);
        Assert.Equal(-1.2, v["kurtosis"], 1);
        Assert.InRange(v["spectral_centroid_mean"], 3000, 5000);
        var m = AcousticFeatureExtractor.Moments(new float[] { 1, 1, 1 });
        Assert.Equal(new float[] { 1, 0, 0, 0 }, m);
        Assert.Throws<AudioFormatException>(() => fx.ClipFeatures(new AudioClip(new[] { float.NaN, 0f }, 16000)));
    }
}
