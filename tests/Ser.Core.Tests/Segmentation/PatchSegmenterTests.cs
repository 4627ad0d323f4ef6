using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Features;
using Ser.Core.Segmentation;
using Xunit;

namespace Ser.Core.Tests.Segmentation;

public class PatchSegmenterTests
{
    private static Spectrogram Ramp(int frames, int bins = 4)
    {
        var d = new float[frames * bins];
        for (int t = 0; t < frames; t++) for (int b = 0; b < bins; b++) d[t * bins + b] = t + 1;
        return new Spectrogram(d, frames, bins, 16000, 160);
    }

    [Fact]
    public void DefaultIs96FramesWithHalfOverlapAndProvenance()
    {
        var p = new PatchSegmenter().Segment(Ramp(300, 64), "clip7");
        Assert.Equal(6, p.Count); // starts 0,48,...,192 whole; 240 partial zero-padded
        Assert.All(p, x => Assert.Equal(96 * 64, x.Data.Length));
        Assert.Equal(48 * 3, p[3].StartFrame);
        Assert.Equal(1.44, p[3].StartTime, 6);
        Assert.Equal("clip7", p[5].ClipId);
        Assert.Equal(60, p[5].ValidFrames);
        Assert.Equal(0f, p[5].Data[^1]);
    }

    [Fact]
    public void RepeatPadTilesTheAvailableFrames()
    {
        var p = new PatchSegmenter(new PatchOptions { Frames = 4, Hop = 4, LastPatch = PartialPatchPolicy.RepeatPad }).Segment(Ramp(6, 1), "c");
        Assert.Equal([5f, 6f, 5f, 6f], p[1].Data);
    }

    [Theory]
    [InlineData(PartialPatchPolicy.Drop)]
    [InlineData(PartialPatchPolicy.ZeroPad)]
    [InlineData(PartialPatchPolicy.RepeatPad)]
    public void ClipShorterThanOnePatchIsPaddedNeverDropped(PartialPatchPolicy policy)
    {
        var p = new PatchSegmenter(new PatchOptions { LastPatch = policy }).Segment(Ramp(10), "short");
        var only = Assert.Single(p);
        Assert.Equal(10, only.ValidFrames);
    }

    [Fact]
    public void PatchCountArithmeticHoldsForAllSizes()
    {
        var cases = from t in Gen.Choose(1, 1000) from f in Gen.Choose(1, 120) from h in Gen.Choose(1, 120)
                    from pol in Gen.Elements(PartialPatchPolicy.Drop, PartialPatchPolicy.ZeroPad, PartialPatchPolicy.RepeatPad)
                    select (t, f, h, pol);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (t, f, h, pol) = c;
            var p = new PatchSegmenter(new PatchOptions { Frames = f, Hop = h, LastPatch = pol }).Segment(Ramp(t, 1), "x");
            bool everyFrameCoveredUnlessDropped = (pol == PartialPatchPolicy.Drop && t >= f) || h > f || p[^1].StartFrame + p[^1].ValidFrames == t;
            bool starts = p.Select((q, i) => q.StartFrame == i * h).All(b => b);
            return p.Count == new PatchOptions { Frames = f, Hop = h, LastPatch = pol }.PatchCount(t) && everyFrameCoveredUnlessDropped && starts
                && p.All(q => q.Data.Length == f && q.ValidFrames is > 0 && q.ValidFrames <= f);
        }).QuickCheckThrowOnFailure();
    }
}
