using Ser.Torch;
using Ser.Torch.NN;
using Xunit;

namespace Ser.Torch.Tests;

public class LossTests
{
    private static (Tensor Logits, Tensor Target) Batch()
    {
        Torch.ManualSeed(11);
        return (Torch.Randn(new long[] { 6, 4 }), Torch.FromArray(new long[] { 0, 1, 2, 3, 1, 2 }));
    }

    private static double[] ManualLogSoftmax(float[] row)
    {
        double max = row.Max();
        double lse = Math.Log(row.Sum(v => Math.Exp(v - max))) + max;
        return row.Select(v => v - lse).ToArray();
    }

    [Fact]
    public void CrossEntropyEqualsMeanNegativeLogSoftmaxOfTheTarget()
    {
        using var scope = Torch.NewDisposeScope();
        var (logits, target) = Batch();
        float[] l = logits.ToArray<float>();
        long[] y = target.ToArray<long>();
        double expected = 0;
        for (int i = 0; i < 6; i++) expected -= ManualLogSoftmax(l[(i * 4)..(i * 4 + 4)])[y[i]];
        expected /= 6;
        Assert.Equal(expected, Losses.CrossEntropy(logits, target).Item<double>(), 5);
        Assert.Equal(expected, Losses.NllLoss(logits.LogSoftmax(1), target).Item<double>(), 5);
    }

    [Fact]
    public void ClassWeightsGiveAWeightedMean()
    {
        using var scope = Torch.NewDisposeScope();
        var (logits, target) = Batch();
        var weight = Torch.FromArray(new float[] { 1, 2, 3, 4 });
        var perItem = Losses.CrossEntropy(logits, target, reduction: Reduction.None).ToArray<float>();
        float[] w = weight.ToArray<float>();
        long[] y = target.ToArray<long>();
        double num = 0, den = 0;
        for (int i = 0; i < 6; i++) { num += w[y[i]] * perItem[i]; den += w[y[i]]; }
        Assert.Equal(num / den, Losses.CrossEntropy(logits, target, weight).Item<double>(), 5);
    }

    [Fact]
    public void LabelSmoothingMixesTheUniformTarget()
    {
        using var scope = Torch.NewDisposeScope();
        var (logits, target) = Batch();
        const double eps = 0.2;
        float[] l = logits.ToArray<float>();
        long[] y = target.ToArray<long>();
        double expected = 0;
        for (int i = 0; i < 6; i++)
        {
            double[] lp = ManualLogSoftmax(l[(i * 4)..(i * 4 + 4)]);
            expected += -(1 - eps) * lp[y[i]] - eps / 4 * lp.Sum();
        }
        Assert.Equal(expected / 6, Losses.CrossEntropy(logits, target, labelSmoothing: eps).Item<double>(), 5);
    }

    [Fact]
    public void FocalLossWithGammaZeroIsCrossEntropyAndDownWeightsEasyExamples()
    {
        using var scope = Torch.NewDisposeScope();
        var (logits, target) = Batch();
        Assert.Equal(Losses.CrossEntropy(logits, target).Item<float>(), Losses.FocalLoss(logits, target, gamma: 0).Item<float>(), 5);
        var ce = Losses.CrossEntropy(logits, target, reduction: Reduction.None).ToArray<float>();
        var focal = Losses.FocalLoss(logits, target, gamma: 2, reduction: Reduction.None).ToArray<float>();
        for (int i = 0; i < ce.Length; i++)
        {
            double pt = Math.Exp(-ce[i]);
            Assert.Equal(Math.Pow(1 - pt, 2) * ce[i], focal[i], 5);
        }
        var alpha = Torch.FromArray(new float[] { 0.25f, 0.25f, 0.25f, 0.25f });
        Assert.Equal(Losses.FocalLoss(logits, target).Item<float>() * 0.25f, Losses.FocalLoss(logits, target, alpha: alpha).Item<float>(), 5);
    }

    [Fact]
    public void FocalLossHasGradients()
    {
        using var scope = Torch.NewDisposeScope();
        var (logits, target) = Batch();
        logits.RequiresGrad = true;
        Losses.FocalLoss(logits, target).Backward();
        Assert.NotNull(logits.Grad);
        Assert.Equal(new long[] { 6, 4 }, logits.Grad!.Shape);
    }
}
