using Ser.Torch;
using Xunit;

namespace Ser.Torch.Tests;

[Collection(NativeCounterCollection.Name)]
public class DisposeScopeTests
{
    [Fact]
    public void ScopeDisposesEveryTemporaryItOwns()
    {
        long before = Torch.LiveTensorCount;
        using (Torch.NewDisposeScope())
        {
            var a = Torch.Ones(new long[] { 3 });
            var b = (a + 1) * (a - 2);
            Assert.True(Torch.LiveTensorCount >= before + 2);
            Assert.Equal(-6f, b.Sum().Item<float>());
        }
        Assert.Equal(before, Torch.LiveTensorCount);
    }

    [Fact]
    public void MoveToOuterKeepsAResultAlive()
    {
        long before = Torch.LiveTensorCount;
        Tensor kept;
        using (var outer = Torch.NewDisposeScope())
        {
            using (var inner = Torch.NewDisposeScope())
            {
                var t = Torch.Full(new long[] { 2 }, 5);
                kept = inner.MoveToOuter(t * 2);
            }
            Assert.False(kept.IsDisposed);
            Assert.Equal(new float[] { 10, 10 }, kept.ToArray<float>());
            Assert.Same(outer, kept.Scope);
        }
        Assert.True(kept.IsDisposed);
        Assert.Equal(before, Torch.LiveTensorCount);
    }

    [Fact]
    public void DetachedTensorOutlivesTheScope()
    {
        Tensor t;
        using (Torch.NewDisposeScope())
        {
            t = DisposeScope.Detach(Torch.Zeros(new long[] { 1 }));
        }
        Assert.False(t.IsDisposed);
        t.Dispose();
    }

    [Fact]
    public void SequentialDisposesItsIntermediates()
    {
        using var seq = new NN.Sequential(new NN.Linear(4, 8), new NN.ReLU(), new NN.Linear(8, 2));
        using var x = Torch.Randn(new long[] { 3, 4 });
        long before = Torch.LiveTensorCount;
        using (var y = seq.Forward(x)) Assert.Equal(before + 1, Torch.LiveTensorCount);
        Assert.Equal(before, Torch.LiveTensorCount);
    }

    [Fact]
    public void SameSeedGivesSameRandomNumbers()
    {
        // In this serial collection: the global generator is shared with every other test.
        Torch.ManualSeed(42);
        using var a = Torch.Randn(new long[] { 16 });
        using var r1 = Torch.RandInt(0, 10, new long[] { 16 });
        using var l1 = new NN.Linear(3, 3);
        Torch.ManualSeed(42);
        using var b = Torch.Randn(new long[] { 16 });
        using var r2 = Torch.RandInt(0, 10, new long[] { 16 });
        using var l2 = new NN.Linear(3, 3);
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>());
        Assert.Equal(r1.ToArray<long>(), r2.ToArray<long>());
        Assert.Equal(l1.Weight.ToArray<float>(), l2.Weight.ToArray<float>());
        Torch.ManualSeed(43);
        using var c = Torch.Randn(new long[] { 16 });
        Assert.NotEqual(a.ToArray<float>(), c.ToArray<float>());
    }

    [Fact]
    public void ScopesMustCloseInnermostFirst()
    {
        var outer = Torch.NewDisposeScope();
        var inner = Torch.NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
        Assert.Null(DisposeScope.Current);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeCounterCollection
{
    public const string Name = "native tensor counter";
}
