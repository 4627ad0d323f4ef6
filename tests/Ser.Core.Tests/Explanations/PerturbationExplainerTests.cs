using Ser.Core.Data;
using Ser.Core.Explanations;
using Ser.Core.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ser.Core.Tests.Explanations;

[Collection(LibtorchCollection.Name)]
public sealed class PerturbationExplainerTests(BurstModelFixture burst, ITestOutputHelper output)
{
    [Fact]
    public void OcclusionDropsTheProbabilityMostWhereTheBurstIs()
    {
        var explainer = new Occlusion(burst.Model);
        Assert.Equal(11 * 7, explainer.WindowsPerPatch);                  // 16 × 16 windows, stride 8, over 96 × 64
        var (clip, start) = BurstModelFixture.Clip(8000, burst: true);
        ExplanationMap map = explainer.Explain(clip, Emotion.Angry);
        var (t0, t1) = BurstModelFixture.Frames(start, start + BurstModelFixture.BurstSamples);
        int hottest = Array.IndexOf(map.Data, map.Data.Max());
        int frame = hottest / map.Bands, band = hottest % map.Bands;
        double mass = map.MassIn(t0 - 16, t1 + 16, 0, 42);
        output.WriteLine($"burst frames {t0}–{t1}; hottest cell frame {frame}, band {band}; mass on the burst region {mass:F3}");
        Assert.InRange(frame, t0 - 8, t1 + 8);
        Assert.InRange(band, 3, 34);
        Assert.True(mass >= 0.8, $"only {mass:P0} of the occlusion map is on the burst region");
        Assert.Equal(4, map.PatchMaps.Count);

        // Log-odds drops (for confident models) point at the same place.
        ExplanationMap logOdds = new Occlusion(burst.Model, new OcclusionOptions { Score = OcclusionScore.LogOdds }).Explain(clip, Emotion.Angry);
        double logOddsMass = logOdds.MassIn(t0 - 16, t1 + 16, 0, 42);
        output.WriteLine($"log-odds occlusion: mass on the burst region {logOddsMass:F3}");
        Assert.True(logOddsMass >= 0.8, $"only {logOddsMass:P0} of the log-odds occlusion map is on the burst region");
    }

    [Fact]
    public void OcclusionWindowsCoverEveryCell()
    {
        Assert.Equal(new[] { 0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80 }, Occlusion.Positions(96, 16, 8));
        Assert.Equal(new[] { 0, 30, 34 }, Occlusion.Positions(64, 30, 30));
        Assert.Throws<ArgumentException>(() => new Occlusion(burst.Model, new OcclusionOptions { WindowBands = 65 }));
    }

    [Fact]
    public void LimeRanksTheBurstRegionFirstAndIsDeterministicPerSeed()
    {
        var options = new LimeOptions { Samples = 300, Seed = 5 };
        var (clip, start) = BurstModelFixture.Clip(8001, burst: true);
        LimeExplanation a = new Lime(burst.Model, options).Explain(clip, Emotion.Angry);
        LimeExplanation b = new Lime(burst.Model, options).Explain(clip, Emotion.Angry);
        LimeExplanation c = new Lime(burst.Model, new LimeOptions { Samples = 300, Seed = 6 }).Explain(clip, Emotion.Angry);
        Assert.Equal(a.Map.Data, b.Map.Data);
        Assert.NotEqual(a.Map.Data, c.Map.Data);
        Assert.Equal(9 * 4, a.Regions.Count);                              // 198 frames / 24, 64 bands / 16
        var (t0, t1) = BurstModelFixture.Frames(start, start + BurstModelFixture.BurstSamples);
        LimeRegion top = a.TopRegions[0];
        output.WriteLine($"burst frames {t0}–{t1}; top region frames {top.FirstFrame}–{top.EndFrame}, bands {top.FirstBand}–{top.EndBand}, weight {top.Weight:F3}; R² {a.Score:F2}");
        Assert.True(top.EndFrame > t0 && top.FirstFrame < t1, "the top region does not overlap the burst in time");
        Assert.True(top.FirstBand < 26 && top.EndBand > 11, "the top region does not overlap the burst's bands");
        Assert.True(top.Weight > 0.05, $"the top region's weight {top.Weight:F3} is too small to mean anything");
        Assert.Equal(options.TopK, a.TopRegions.Count);
        Assert.True(a.TopRegions[0].Weight >= a.TopRegions[1].Weight);
    }

    [Fact]
    public void LimeRejectsBadOptions()
    {
        Assert.Throws<ArgumentException>(() => new Lime(burst.Model, new LimeOptions { Samples = 1 }));
        Assert.Throws<ArgumentException>(() => new Lime(burst.Model, new LimeOptions { KeepProbability = 1 }));
    }
}
