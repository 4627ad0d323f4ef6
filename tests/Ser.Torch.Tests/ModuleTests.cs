using Ser.Torch;
using Ser.Torch.NN;
using Xunit;

namespace Ser.Torch.Tests;

public class ModuleTests
{
    private sealed class TinyNet : Module<Tensor, Tensor>
    {
        public readonly Conv2d Conv;
        public readonly BatchNorm2d Norm;
        public readonly Linear Head;

        public TinyNet(int classes = 3)
        {
            Conv = RegisterModule("conv", new Conv2d(1, 4, 3, padding: 1));
            Norm = RegisterModule("bn", new BatchNorm2d(4));
            Head = RegisterModule("head", new Linear(4, classes));
        }

        public override Tensor Forward(Tensor input)
        {
            using var scope = Torch.NewDisposeScope();
            var x = Norm.Forward(Conv.Forward(input)).Relu();
            x = Functional.AdaptiveAvgPool2d(x, (1, 1)).Flatten(1);
            return scope.MoveToOuter(Head.Forward(x));
        }
    }

    [Fact]
    public void ParametersAndBuffersHavePyTorchNames()
    {
        using var net = new TinyNet();
        var names = net.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "conv.weight", "conv.bias", "bn.weight", "bn.bias", "head.weight", "head.bias" }, names);
        var buffers = net.NamedBuffers().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "bn.running_mean", "bn.running_var", "bn.num_batches_tracked" }, buffers);
        Assert.Equal(4 * 9 + 4 + 4 + 4 + 12 + 3, net.ParameterCount());
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void DefaultInitialisationFollowsPyTorchBounds()
    {
        Torch.ManualSeed(0);
        using var lin = new Linear(100, 50);
        float bound = 1 / MathF.Sqrt(100);
        Assert.All(lin.Weight.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        Assert.All(lin.Bias!.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        // Kaiming uniform with a = √5 has variance bound²/3.
        using var var = lin.Weight.Var();
        Assert.Equal(bound * bound / 3, var.Item<float>(), 3);
    }

    [Fact]
    public void BatchNormUpdatesRunningStatisticsOnlyInTraining()
    {
        using var scope = Torch.NewDisposeScope();
        using var bn = new BatchNorm2d(2);
        var x = Torch.Randn(new long[] { 8, 2, 3, 3 }) * 2 + 5;
        bn.Forward(x);
        Assert.Equal(1L, bn.BatchesTracked.Item<long>());
        float mean0 = bn.RunningMean.ToArray<float>()[0];
        Assert.InRange(mean0, 0.3f, 0.7f);        // 0.9·0 + 0.1·≈5
        bn.Eval();
        bn.Forward(x);
        Assert.Equal(1L, bn.BatchesTracked.Item<long>());
        Assert.Equal(mean0, bn.RunningMean.ToArray<float>()[0]);
    }

    [Fact]
    public void DropoutIsIdentityInEvaluation()
    {
        using var scope = Torch.NewDisposeScope();
        using var drop = new Dropout(0.5);
        var x = Torch.Ones(new long[] { 1000 });
        float trainSum = drop.Forward(x).Sum().Item<float>();
        Assert.InRange(trainSum, 800, 1200);       // half kept, scaled by 2
        Assert.Contains(0f, drop.Forward(x).ToArray<float>());
        drop.Eval();
        Assert.Equal(1000f, drop.Forward(x).Sum().Item<float>());
    }

    [Fact]
    public void FreezeStopsGradients()
    {
        using var net = new TinyNet();
        net.Conv.Freeze();
        Assert.Equal(net.ParameterCount() - 40, net.ParameterCount(trainableOnly: true));
        using var scope = Torch.NewDisposeScope();
        net.Forward(Torch.Randn(new long[] { 2, 1, 5, 5 })).Sum().Backward();
        Assert.Null(net.Conv.Weight.Grad);
        Assert.NotNull(net.Head.Weight.Grad);
    }

    [Fact]
    public void LoadStateDictCopiesValuesAndListsEveryMismatch()
    {
        using var a = new TinyNet();
        using var b = new TinyNet();
        b.LoadStateDict(a.StateDict());
        Assert.Equal(a.Conv.Weight.ToArray<float>(), b.Conv.Weight.ToArray<float>());

        using var wrongClasses = new TinyNet(classes: 5);
        using var scope = Torch.NewDisposeScope();
        var state = new Dictionary<string, Tensor>(a.StateDict());
        state.Remove("conv.bias");
        state["extra"] = Torch.Zeros(new long[] { 1 });
        state["bn.num_batches_tracked"] = Torch.Zeros(Array.Empty<long>());   // Float32, not Int64
        var e = Assert.Throws<StateDictMismatchException>(() => wrongClasses.LoadStateDict(state));
        Assert.Contains(e.Mismatches, m => m.Contains("missing 'conv.bias'"));
        Assert.Contains(e.Mismatches, m => m.Contains("unexpected 'extra'"));
        Assert.Contains(e.Mismatches, m => m.Contains("'head.weight': expected [5, 4] Float32, found [3, 4] Float32"));
        Assert.Contains(e.Mismatches, m => m.Contains("'bn.num_batches_tracked'"));
        Assert.Equal(5, e.Mismatches.Count);   // head.weight, head.bias, conv.bias, extra, num_batches_tracked
    }

    [Fact]
    public void SequentialNamesItsLayersByIndex()
    {
        using var seq = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, seq.NamedParameters().Select(p => p.Name));
        using var x = Torch.Randn(new long[] { 3, 4 });
        using var y = seq.Forward(x);
        Assert.Equal(new long[] { 3, 2 }, y.Shape);
    }

    [Fact]
    public void TensorFlowSamePaddingPadsZeroBeforeAndOneAfterOnStrideTwo()
    {
        using var scope = Torch.NewDisposeScope();
        using var conv = new Conv2d(1, 1, (3, 3), (2, 2), bias: false, tensorFlowSame: true);
        using (Torch.NoGrad()) conv.Weight.FillInPlace(1);
        var x = Torch.Ones(new long[] { 1, 1, 4, 4 });
        var y = conv.Forward(x);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, y.Shape);
        // Output (0,0) covers rows/cols 0..2 (no padding before): 9 ones. Output (1,1) covers 2..4: 2×2 ones + padding.
        Assert.Equal(new float[] { 9, 6, 6, 4 }, y.ToArray<float>());
        Assert.Equal(new Padding2d(0, 1, 0, 1), Padding2d.Same(96, 64, 3, 3, 2, 2));
        Assert.Equal(new Padding2d(1, 1, 1, 1), Padding2d.Same(48, 32, 3, 3, 1, 1));
    }

    [Fact]
    public void DepthwiseConvolutionUsesGroups()
    {
        using var scope = Torch.NewDisposeScope();
        using var dw = new Conv2d(3, 3, 3, padding: 1, groups: 3, bias: false);
        Assert.Equal(new long[] { 3, 1, 3, 3 }, dw.Weight.Shape);
        Assert.Equal(new long[] { 2, 3, 6, 6 }, dw.Forward(Torch.Randn(new long[] { 2, 3, 6, 6 })).Shape);
    }

    [Fact]
    public void PoolingAndInterpolationGiveExpectedShapesAndValues()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Torch.Arange(0, 16, type: DType.Float32).Reshape(1, 1, 4, 4);
        Assert.Equal(new float[] { 5, 7, 13, 15 }, Functional.MaxPool2d(x, (2, 2)).ToArray<float>());
        Assert.Equal(new float[] { 2.5f, 4.5f, 10.5f, 12.5f }, Functional.AvgPool2d(x, (2, 2)).ToArray<float>());
        Assert.Equal(7.5f, Functional.AdaptiveAvgPool2d(x, (1, 1)).Item<float>());
        var up = Functional.InterpolateBilinear(Torch.FromArray(new float[] { 0, 1 }, 1, 1, 1, 2), (1, 4));
        Assert.Equal(new float[] { 0, 0.25f, 0.75f, 1 }, up.ToArray<float>());
        var seq = Torch.Arange(0, 8, type: DType.Float32).Reshape(1, 1, 8);
        Assert.Equal(new float[] { 1, 3, 5, 7 }, Functional.MaxPool1d(seq, 2).ToArray<float>());
        using var c1 = new Conv1d(1, 2, 3, padding: 1);
        Assert.Equal(new long[] { 1, 2, 8 }, c1.Forward(seq).Shape);
        using var bn1 = new BatchNorm1d(2);
        Assert.Equal(new long[] { 1, 2, 8 }, bn1.Forward(c1.Forward(seq).Repeat(2, 1, 1)).Narrow(0, 0, 1).Shape);
    }
}
