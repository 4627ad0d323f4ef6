using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Tests.Support;
using Ser.Core.Torch;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Ser.Core.Tests.Torch;

/// <summary>Ser.Core's training-mode batch norm against libtorch's: output, the three gradients, running statistics.</summary>
[Collection(Support.LibtorchCollection.Name)]
public class TrainingBatchNormTests
{
    /// <summary>
    /// Largest difference relative to the largest expected value, or to 0.1 where all are smaller: with two values per
    /// channel the input's gradient is rounding noise in both implementations.
    /// </summary>
    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual - expected).abs().max().item<float>() / Math.Max(0.1, expected.abs().max().item<float>());

    /// <summary>One forward and backward pass of each; the largest relative error over output, gradients and running statistics.</summary>
    private static double Compare(long batch, long channels, long height, long width, float offset, double? momentum, int seed)
    {
        TorchRuntime.EnsureInitialized();
        using var threads = TorchThreadCount.Set(1);
        using var scope = NewDisposeScope();
        manual_seed(seed);
        using var ours = nn.BatchNorm2d(channels, eps: 1e-3);
        using var theirs = nn.BatchNorm2d(channels, eps: 1e-3);
        ours.momentum = momentum;
        theirs.momentum = momentum;
        using (no_grad())
        {
            ours.weight!.uniform_(0.5, 1.5);
            ours.bias!.uniform_(-0.5, 0.5);
            ours.running_mean!.uniform_(-1, 1);
            ours.running_var!.uniform_(0.5, 2);
            theirs.load_state_dict(ours.state_dict());
        }
        ours.train();
        theirs.train();
        Tensor x = (randn(batch, channels, height, width) * 3 + offset).requires_grad_(true);
        Tensor dy = randn(batch, channels, height, width);
        Tensor xOurs = x.detach().requires_grad_(true), xTheirs = x.detach().requires_grad_(true);
        Assert.True(TrainingBatchNorm.Handles(ours, xOurs));
        Tensor yOurs = TrainingBatchNorm.Forward(ours, xOurs);
        Tensor yTheirs = theirs.forward(xTheirs);
        yOurs.backward(new[] { dy });
        yTheirs.backward(new[] { dy });
        Assert.Equal(theirs.num_batches_tracked!.item<long>(), ours.num_batches_tracked!.item<long>());
        return new[]
        {
            RelativeError(yOurs, yTheirs), RelativeError(xOurs.grad!, xTheirs.grad!), RelativeError(ours.weight!.grad!, theirs.weight!.grad!),
            RelativeError(ours.bias!.grad!, theirs.bias!.grad!), RelativeError(ours.running_mean!, theirs.running_mean!),
            RelativeError(ours.running_var!, theirs.running_var!),
        }.Max();
    }

    [Fact]
    public void MatchesLibtorchOnAnyShapeAndOffset()
    {
        var cases = from batch in Gen.Choose(1, 9)
                    from channels in Gen.Choose(1, 40)
                    from height in Gen.Choose(1, 13)
                    from width in Gen.Choose(1, 11)
                    from offset in Gen.Elements(0f, 5f, -100f)
                    from seed in Gen.Choose(0, 1000)
                    where batch * height * width > 1
                    select (batch, channels, height, width, offset, seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            double error = Compare(c.batch, c.channels, c.height, c.width, c.offset, 0.1, c.seed);
            return error < 2e-4;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(32, 32, 48, 32)]      // YAMNet's first layer at batch 32
    [InlineData(32, 1024, 3, 2)]      // its last
    public void MatchesLibtorchOnYamNetsLayers(long batch, long channels, long height, long width)
    {
        Assert.InRange(Compare(batch, channels, height, width, 0, 0.1, seed: 1), 0, 1e-4);
    }

    [Fact]
    public void WithoutAMomentumKeepsTheCumulativeAverage()
    {
        Assert.InRange(Compare(4, 8, 5, 3, 1, null, seed: 2), 0, 1e-4);
    }

    [Fact]
    public void LeavesEvaluationMoreThreadsAndOtherLayersToLibtorch()
    {
        TorchRuntime.EnsureInitialized();
        using var threads = TorchThreadCount.Set(1);
        using var scope = NewDisposeScope();
        using var bn = nn.BatchNorm2d(4);
        var x = randn(2, 4, 3, 3);
        bn.eval();
        Assert.False(TrainingBatchNorm.Handles(bn, x));
        bn.train();
        Assert.True(TrainingBatchNorm.Handles(bn, x));
        Assert.False(TrainingBatchNorm.Handles(bn, randn(1, 4, 1, 1)));          // one value per channel: libtorch refuses it
        Assert.False(TrainingBatchNorm.Handles(bn, randn(2, 4, 3, 3, dtype: ScalarType.Float64)));
        using var plain = nn.BatchNorm2d(4, affine: false);
        plain.train();
        Assert.False(TrainingBatchNorm.Handles(plain, x));
        using (TorchThreadCount.Set(2))
        {
            Assert.False(TrainingBatchNorm.Handles(bn, x));                      // libtorch's parallel kernel is faster there
        }
    }

    [Fact]
    public void LeavesNoTensorsBehind()
    {
        TorchRuntime.EnsureInitialized();
        using var threads = TorchThreadCount.Set(1);
        using var bn = nn.BatchNorm2d(8);
        bn.train();
        using var x = randn(4, 8, 6, 5);
        void Step()
        {
            using var scope = NewDisposeScope();
            var input = x.detach().requires_grad_(true);
            TrainingBatchNorm.Forward(bn, input).sum().backward();
            bn.zero_grad();
        }
        Step();
        long live = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        for (int i = 0; i < 50; i++) Step();
        Assert.Equal(live, DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount);
    }
}
