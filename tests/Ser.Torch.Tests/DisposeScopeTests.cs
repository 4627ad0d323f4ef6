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
