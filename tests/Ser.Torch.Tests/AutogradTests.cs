using Ser.Torch;
using Xunit;

namespace Ser.Torch.Tests;

public class AutogradTests
{
    [Fact]
    public void BackwardGivesTheAnalyticGradient()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Torch.FromArray(new float[] { 1, -2, 3 }).WithRequiresGrad();
        var y = (x * x * x).Sum();                 // d/dx x³ = 3x²
        y.Backward();
        Assert.Equal(new float[] { 3, 12, 27 }, x.Grad!.ToArray<float>());
        Assert.True(x.IsLeaf);
    }

    [Fact]
    public void RetainGradKeepsTheGradientOfAnIntermediate()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Torch.FromArray(new float[] { 1, 2 }).WithRequiresGrad();
        var h = x * 3;
        h.RetainGrad();
        var y = (h * h).Sum();                    // dy/dh = 2h
        y.Backward();
        Assert.Equal(new float[] { 6, 12 }, h.Grad!.ToArray<float>());
        Assert.Equal(new float[] { 18, 36 }, x.Grad!.ToArray<float>());
    }

    [Fact]
    public void GradientsAccumulateUntilCleared()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Torch.FromArray(new float[] { 2 }).WithRequiresGrad();
        (x * 5).Sum().Backward();
        (x * 5).Sum().Backward();
        Assert.Equal(10f, x.Grad!.Item<float>());
        x.Grad = null;
        Assert.Null(x.Grad);
    }

    [Fact]
    public void NoGradScopeRecordsNothingAndRestoresTheMode()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Torch.Ones(new long[] { 2 }).WithRequiresGrad();
        Assert.True(Torch.IsGradEnabled);
        using (Torch.NoGrad())
        {
            Assert.False(Torch.IsGradEnabled);
            Assert.False((x * 2).RequiresGrad);
        }
        Assert.True(Torch.IsGradEnabled);
        Assert.True((x * 2).RequiresGrad);
        Assert.False((x * 2).Detach().RequiresGrad);
    }

    [Fact]
    public void AutogradGradLeavesParameterGradientsUntouched()
    {
        using var scope = Torch.NewDisposeScope();
        var w = Torch.FromArray(new float[] { 1, 2 }).WithRequiresGrad();
        var a = (w * 4).WithRequiresGrad();
        var score = (a * a).Sum();
        var g = Autograd.Grad(score, a);          // 2a = 8w
        Assert.Equal(new float[] { 8, 16 }, g.ToArray<float>());
        Assert.Null(w.Grad);
    }

    [Fact]
    public void GradientIsRecordedThroughConvolutionAndPooling()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(1);
        var x = Torch.Randn(new long[] { 1, 1, 4, 4 }).WithRequiresGrad();
        var w = Torch.Ones(new long[] { 1, 1, 1, 1 }).WithRequiresGrad();
        var y = NN.Functional.AdaptiveAvgPool2d(NN.Functional.Conv2d(x, w), (1, 1)).Sum();
        y.Backward();
        foreach (float v in x.Grad!.ToArray<float>()) Assert.Equal(1f / 16, v, 6);
        Assert.Equal(x.Mean().Item<float>(), w.Grad!.Item<float>(), 5);
    }
}
