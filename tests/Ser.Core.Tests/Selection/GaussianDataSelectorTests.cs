using Ser.Core.Selection;
using Xunit;

namespace Ser.Core.Tests.Selection;

public class GaussianDataSelectorTests
{
    private const int Size = 96 * 64;

    /// <summary>
    /// A speech-like log-mel patch: a shared time–frequency pattern (a formant-like envelope over the
    /// 64 bands modulated over the 96 frames) around −2, plus noise, slightly varied per patch.
    /// </summary>
    private static float[] SpeechLike(Random rng)
    {
        var x = new float[Size];
        double mean = -2 + rng.NextDouble() * 0.3, depth = 1.5 + rng.NextDouble() * 0.2;
        for (int f = 0; f < 96; f++)
        {
            for (int b = 0; b < 64; b++)
            {
                double pattern = Math.Sin(b / 5.0) * Math.Cos(f / 7.0);
                x[f * 64 + b] = (float)(mean + depth * pattern + 0.4 * Gaussian(rng));
            }
        }
        return x;
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static float[] Constant(float v) => Enumerable.Repeat(v, Size).ToArray();

    private static float[] Burst(Random rng)
    {
        var x = new float[Size];
        for (int i = 0; i < Size; i++) x[i] = (float)(3 + 0.3 * Gaussian(rng));
        return x;
    }

    [Theory]
    [InlineData(GaussianReading.DensityOnClipGrid, 3)]
    [InlineData(GaussianReading.DensityOnClipGrid, 5)]
    [InlineData(GaussianReading.DensityAtPatchValues, 3)]
    public void SilentAndNoiseBurstPatchesAmongSpeechLikeOnesAreTheOnesDropped(GaussianReading reading, int odd)
    {
        var rng = new Random(7);
        var patches = Enumerable.Range(0, 8).Select(_ => SpeechLike(rng)).ToList();
        patches[odd] = Constant(-4.6f);           // log(0.01): digital silence
        patches[odd + 2] = Burst(rng);
        var selector = new GaussianDataSelector(new GaussianSelectionOptions { Reading = reading, Threshold = 0.5 });
        var r = selector.Select(patches, "clip");
        Assert.Equal(new[] { odd, odd + 2 }, r.Dropped);
        Assert.Equal(6, r.Kept.Count);
        Assert.All(r.Kept, j => Assert.True(r.Scores[j] > 0.5));
    }

    [Fact]
    public void MinMaxAlwaysDropsTheLowestPatchOfClipsWithThreeOrMore()
    {
        var rng = new Random(1);
        var patches = Enumerable.Range(0, 6).Select(_ => SpeechLike(rng)).ToList();
        var r = new GaussianDataSelector(new GaussianSelectionOptions { Threshold = 0 }).Select(patches, "c");
        Assert.Single(r.Dropped);
        Assert.Equal(0, r.Scores[r.Dropped[0]]);
        Assert.Equal(1, r.Scores.Max());
        var z = new GaussianDataSelector(new GaussianSelectionOptions { Normalisation = ScoreNormalisation.ZScore, Threshold = -10 }).Select(patches, "c");
        Assert.Empty(z.Dropped);
        Assert.Equal(0, z.Scores.Average(), 9);
    }

    [Fact]
    public void ShortClipsFollowTheirPolicy()
    {
        var rng = new Random(2);
        var two = new List<float[]> { SpeechLike(rng), Constant(0) };
        var keep = new GaussianDataSelector().Select(two, "short");
        Assert.Equal(new[] { 0, 1 }, keep.Kept);
        Assert.All(keep.Scores, s => Assert.True(double.IsNaN(s)));
        var drop = new GaussianDataSelector(new GaussianSelectionOptions { ShortClips = ShortClipPolicy.DropAll }).Select(two, "short");
        Assert.Equal(new[] { 0, 1 }, drop.Dropped);
        var single = new GaussianDataSelector().Select(new List<float[]> { SpeechLike(rng) }, "one");
        Assert.Equal(new[] { 0 }, single.Kept);
    }

    [Fact]
    public void NaNPatchesAreDroppedAndDoNotAffectTheOthers()
    {
        var rng = new Random(3);
        var patches = Enumerable.Range(0, 5).Select(_ => SpeechLike(rng)).ToList();
        var clean = new GaussianDataSelector().Scores(patches);
        var withNaN = patches.Append(Enumerable.Repeat(float.NaN, Size).ToArray()).ToList();
        var r = new GaussianDataSelector().Select(withNaN, "nan");
        Assert.Contains(5, r.Dropped);
        Assert.True(double.IsNaN(r.Scores[5]));
        for (int j = 0; j < 5; j++) Assert.Equal(clean[j], r.Scores[j], 12);
    }

    [Fact]
    public void ConstantClipsDoNotCrashAndKeepEverything()
    {
        var patches = Enumerable.Range(0, 4).Select(_ => Constant(-4.6f)).ToList();
        var r = new GaussianDataSelector().Select(patches, "silent");
        Assert.All(r.Scores, s => Assert.Equal(1, s));
        Assert.Equal(4, r.Kept.Count);
    }

    [Fact]
    public void ReportCountsAndHistogram()
    {
        var rng = new Random(4);
        var selector = new GaussianDataSelector(new GaussianSelectionOptions { Threshold = 0.1 });
        var clips = new[]
        {
            selector.Select(Enumerable.Range(0, 6).Select(_ => SpeechLike(rng)).ToList(), "a"),
            selector.Select(new List<float[]> { SpeechLike(rng) }, "b"),
        };
        var report = new SelectionReport(clips);
        Assert.Equal(7, report.Total);
        Assert.Equal(report.Total - report.Kept, report.Dropped);
        Assert.Equal(1, report.DroppedPerClip[0]);
        Assert.Equal(report.Dropped, report.DroppedPerClip.Sum(p => p.Key * p.Value));
        Assert.Throws<ArgumentException>(() => new GaussianDataSelector(new GaussianSelectionOptions { GridPoints = 2, MinPatches = 0 }));
    }
}
