using Ser.Torch;
using Ser.Torch.NN;
using Ser.Torch.Optim;
using Xunit;

namespace Ser.Torch.Tests;

public class OptimTests
{
    private static Tensor Param(params float[] values) => DisposeScope.Detach(Torch.FromArray(values)).WithRequiresGrad();

    private static void QuadraticStep(Optimizer opt, Tensor p)
    {
        using var scope = Torch.NewDisposeScope();
        opt.ZeroGrad();
        (p * p).Sum().Backward();        // gradient 2p
        opt.Step();
    }

    [Fact]
    public void AdamFirstStepMovesEachParameterByTheLearningRate()
    {
        using var p = Param(3, -5);
        using var adam = new Adam(new[] { p }, learningRate: 0.1);
        QuadraticStep(adam, p);
        // After one step m̂ = g and v̂ = g², so the update is lr · g / (|g| + ε) ≈ lr · sign(g).
        var v = p.ToArray<float>();
        Assert.Equal(2.9f, v[0], 5);
        Assert.Equal(-4.9f, v[1], 5);
    }

    [Fact]
    public void SgdWithMomentumFollowsTheRecurrence()
    {
        using var p = Param(1);
        using var sgd = new Sgd(new[] { p }, learningRate: 0.1, momentum: 0.9);
        double x = 1, buf = 0;
        for (int i = 0; i < 5; i++)
        {
            QuadraticStep(sgd, p);
            double g = 2 * x;
            buf = i == 0 ? g : 0.9 * buf + g;
            x -= 0.1 * buf;
            Assert.Equal(x, p.ToArray<float>()[0], 5);
        }
    }

    [Fact]
    public void AdamWDecaysWeightsIndependentlyOfTheGradient()
    {
        using var p = Param(2);
        using var opt = new AdamW(new[] { p }, learningRate: 0.1, weightDecay: 0.5);
        using (var scope = Torch.NewDisposeScope())
        {
            opt.ZeroGrad();
            (p * 0).Sum().Backward();          // zero gradient: only decay acts
            opt.Step();
        }
        Assert.Equal(2 * (1 - 0.1 * 0.5), p.ToArray<float>()[0], 5);
    }

    [Fact]
    public void OptimizerStateRoundTripsForCheckpoints()
    {
        using var p = Param(3, -5);
        using var q = Param(3, -5);
        using var a = new Adam(new[] { p }, 0.1);
        using var b = new Adam(new[] { q }, 0.1);
        QuadraticStep(a, p);
        QuadraticStep(b, q);
        var (step, slots) = a.GetState(0);
        Assert.Equal(1, step);
        Assert.NotNull(slots[0]);
        Assert.Null(slots[2]);                  // amsgrad off
        using var c = new Adam(new[] { q }, 0.1);
        c.SetState(0, step, slots);
        foreach (var s in slots) s?.Dispose();
        QuadraticStep(a, p);
        QuadraticStep(c, q);
        Assert.Equal(p.ToArray<float>(), q.ToArray<float>());
    }

    [Fact]
    public void LearningRateSchedulesFollowTheirFormulas()
    {
        using var p = Param(1);
        using var opt = new Sgd(new[] { p }, learningRate: 1);
        var step = new StepLR(opt, stepSize: 2, gamma: 0.5);
        var rates = new List<double>();
        for (int i = 0; i < 5; i++) { step.Step(); rates.Add(opt.LearningRate); }
        Assert.Equal(new[] { 1, 0.5, 0.5, 0.25, 0.25 }, rates);

        opt.LearningRate = 1;
        var cos = new CosineAnnealingLR(opt, epochs: 4, minLearningRate: 0);
        cos.Step();
        Assert.Equal((1 + Math.Cos(Math.PI / 4)) / 2, opt.LearningRate, 12);
        cos.Resume(4);
        Assert.Equal(0, opt.LearningRate, 12);

        opt.LearningRate = 1;
        var plateau = new ReduceLROnPlateau(opt, maximize: true, factor: 0.5, patience: 1);
        Assert.False(plateau.Report(0.5));
        Assert.False(plateau.Report(0.4));
        Assert.True(plateau.Report(0.4));
        Assert.Equal(0.5, opt.LearningRate);
        Assert.False(plateau.Report(0.6));
        Assert.Equal(0.6, plateau.Best);
    }

    [Fact]
    public void ClipGradNormScalesAllGradientsTogether()
    {
        using var p = Param(3, 4);
        using (var scope = Torch.NewDisposeScope()) (p * p).Sum().Backward();   // gradient (6, 8), norm 10
        double norm = GradientClipping.ClipGradNorm(new[] { p }, 1);
        Assert.Equal(10, norm, 4);
        using var g = p.Grad!;
        var v = g.ToArray<float>();
        Assert.Equal(0.6f, v[0], 4);
        Assert.Equal(0.8f, v[1], 4);
    }

    [Fact]
    public void TrainingASmallNetReducesTheLoss()
    {
        Torch.ManualSeed(5);
        using var net = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
        using var adam = new Adam(net.Parameters(), 0.05);
        using var data = Torch.Randn(new long[] { 64, 2 });
        using var sum = data.Sum(1);
        using var positive = sum.Gt(0.0);
        using var labels = positive.To(DType.Int64);
        float first = 0, last = 0;
        for (int i = 0; i < 60; i++)
        {
            using var scope = Torch.NewDisposeScope();
            adam.ZeroGrad();
            var loss = Losses.CrossEntropy(net.Forward(data), labels);
            loss.Backward();
            adam.Step();
            if (i == 0) first = loss.Item<float>();
            last = loss.Item<float>();
        }
        Assert.True(last < first * 0.3, $"loss went from {first} to {last}");
    }
}
