using Ser.Core.Evaluation;
using Xunit;

namespace Ser.Core.Tests.Evaluation;

public class MetricsTests
{
    private static readonly string[] Names = { "a", "b", "c" };

    [Fact]
    public void ScoresMatchAHandComputedExample()
    {
        // truth:     a a a a b b c c c c
        // predicted: a a b c b b c c a c
        int[] truth = { 0, 0, 0, 0, 1, 1, 2, 2, 2, 2 };
        int[] pred = { 0, 0, 1, 2, 1, 1, 2, 2, 0, 2 };
        var m = ClassificationMetrics.From(Names, truth, pred);
        Assert.Equal(0.7, m.WeightedAccuracy, 12);                       // 7 / 10
        Assert.Equal((0.5 + 1.0 + 0.75) / 3, m.UnweightedAccuracy, 12);
        Assert.Equal(2.0 / 3, m.PerClass[0].Precision, 12);              // a predicted 3 times, 2 right
        Assert.Equal(2.0 / 3, m.PerClass[1].Precision, 12);
        Assert.Equal(0.75, m.PerClass[2].Precision, 12);
        double f1a = 2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), f1b = 2 * (2.0 / 3) * 1 / (2.0 / 3 + 1), f1c = 0.75;
        Assert.Equal((f1a + f1b + f1c) / 3, m.MacroF1, 12);
        Assert.Equal((f1a * 4 + f1b * 2 + f1c * 4) / 10, m.WeightedF1, 12);
        Assert.Equal(1L, m.Confusion[0, 2]);
        var norm = m.Confusion.RowNormalised();
        Assert.Equal(0.25, norm[0, 1], 12);
        Assert.Contains("true\\pred", m.Confusion.ToString());
    }

    [Fact]
    public void AbsentClassesDoNotCountInUnweightedScores()
    {
        var m = ClassificationMetrics.From(Names, new[] { 0, 0, 1 }, new[] { 0, 1, 1 });
        Assert.Equal((0.5 + 1.0) / 2, m.UnweightedAccuracy, 12);
        Assert.Equal(0, m.PerClass[2].Support);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.From(Names, new[] { 3 }, new[] { 0 }));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.From(Names, new[] { 0 }, new[] { 0, 1 }));
        Assert.Throws<ArgumentException>(() => new ClassificationMetrics(new ConfusionMatrix(Names)));
    }

    [Fact]
    public void FoldSummaryIsMeanAndSampleStd()
    {
        var folds = new[]
        {
            ClassificationMetrics.From(Names, new[] { 0, 1 }, new[] { 0, 1 }),
            ClassificationMetrics.From(Names, new[] { 0, 1 }, new[] { 0, 0 }),
        };
        var s = new CrossValidationSummary(folds);
        Assert.Equal(0.75, s.WeightedAccuracy.Mean, 12);
        Assert.Equal(Math.Sqrt(0.125), s.WeightedAccuracy.Std, 12);
        Assert.Equal("0.750 ± 0.354", s.WeightedAccuracy.ToString());
    }

    [Fact]
    public void ClipAggregationMethods()
    {
        float[] p = { 0.6f, 0.4f, 0.0f,
                      0.1f, 0.5f, 0.4f,
                      0.2f, 0.7f, 0.1f };
        var mean = ClipAggregation.Aggregate(p, 3);
        Assert.Equal(0.3f, mean[0], 5);
        Assert.Equal(1, ClipAggregation.ArgMax(mean));
        var vote = ClipAggregation.Aggregate(p, 3, ClipAggregationMethod.MajorityVote);
        Assert.Equal(new[] { 1f / 3, 2f / 3, 0f }, vote);
        var max = ClipAggregation.Aggregate(p, 3, ClipAggregationMethod.Max);
        Assert.Equal(0.6f / 1.7f, max[0], 5);
        Assert.Throws<ArgumentException>(() => ClipAggregation.Aggregate(new float[4], 3));
        Assert.Throws<ArgumentException>(() => ClipAggregation.Aggregate(new[] { float.NaN, 1f }, 2));
    }
}
