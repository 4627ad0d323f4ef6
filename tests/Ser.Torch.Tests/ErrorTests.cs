using Ser.Torch;
using Ser.Torch.NN;
using Xunit;

namespace Ser.Torch.Tests;

public class ErrorTests
{
    [Fact]
    public void ConvolutionWithMismatchedShapesThrowsTorchExceptionNamingTheShapesAndTheProcessGoesOn()
    {
        using var scope = Torch.NewDisposeScope();
        var input = Torch.Zeros(new long[] { 1, 3, 8, 8 });
        var weight = Torch.Zeros(new long[] { 4, 5, 3, 3 });
        var e = Assert.Throws<TorchException>(() => Functional.Conv2d(input, weight));
        Assert.Contains("[1, 3, 8, 8]", e.Message);
        Assert.Contains("[4, 5, 3, 3]", e.Message);
        // The native side is intact: the same call with a fitting weight works.
        var ok = Functional.Conv2d(input, Torch.Zeros(new long[] { 4, 3, 3, 3 }));
        Assert.Equal(new long[] { 1, 4, 6, 6 }, ok.Shape);
    }

    [Fact]
    public void ErrorsAreReportedOnTheThreadThatCausedThem()
    {
        var messages = new string?[4];
        Parallel.For(0, 4, i =>
        {
            using var scope = Torch.NewDisposeScope();
            var a = Torch.Zeros(new long[] { 2, i + 2 });
            var b = Torch.Zeros(new long[] { 7, 3 });
            try
            {
                a.MatMul(b);
            }
            catch (TorchException e)
            {
                messages[i] = e.Message;
            }
        });
        for (int i = 0; i < 4; i++)
        {
            Assert.NotNull(messages[i]);
            Assert.Contains($"2x{i + 2}", messages[i]);
        }
    }

    [Fact]
    public void ItemOfManyElementsAndBackwardOfNonScalarThrow()
    {
        using var scope = Torch.NewDisposeScope();
        var t = Torch.Ones(new long[] { 3 }).WithRequiresGrad();
        Assert.Throws<TorchException>(() => t.Item<float>());
        var y = t * 2;
        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.Contains("scalar", e.Message);
    }

    [SkippableFact]
    public void CudaIsReportedAndTensorsMoveWhenAGpuIsPresent()
    {
        Skip.IfNot(Torch.IsCudaAvailable, "CUDA tests skipped: this libtorch has no CUDA support or no GPU is visible (Torch.IsCudaAvailable is false).");
        using var scope = Torch.NewDisposeScope();
        Assert.True(Torch.CudaDeviceCount >= 1);
        var x = Torch.FromArray(new float[] { 1, 2, 3 }).To(Device.Cuda(0));
        Assert.Equal(DeviceType.Cuda, x.Device.Type);
        Assert.Equal(new float[] { 2, 4, 6 }, (x * 2).ToArray<float>());
        using var lin = new Linear(3, 2);
        lin.To(Device.Cuda(0));
        Assert.Equal(DeviceType.Cuda, lin.Weight.Device.Type);
        Assert.Equal(new long[] { 2 }, lin.Forward(x).Shape);
    }

    [SkippableFact]
    public void MovingToCudaWithoutCudaThrowsTorchException()
    {
        Skip.If(Torch.IsCudaAvailable, "a GPU is present: the no-CUDA error path cannot be exercised");
        using var t = Torch.Zeros(new long[] { 2 });
        Assert.Throws<TorchException>(() => t.To(Device.Cuda(0)));
    }
}
