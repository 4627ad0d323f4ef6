using Ser.Torch;
using Xunit;

namespace Ser.Torch.Tests;

public class TensorTests
{
    [Fact]
    public void FromArrayKeepsShapeTypeAndValues()
    {
        using var t = Torch.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new long[] { 2, 3 }, t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(Device.Cpu, t.Device);
        Assert.Equal(6, t.NumberOfElements);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int64)]
    [InlineData(DType.Bool)]
    public void EveryRequiredElementTypeRoundTrips(DType type)
    {
        switch (type)
        {
            case DType.Float64:
                using (var t = Torch.FromArray(new[] { 1.5, -2.25 })) Assert.Equal(new[] { 1.5, -2.25 }, t.ToArray<double>());
                break;
            case DType.Int64:
                using (var t = Torch.FromArray(new[] { long.MaxValue, -7L })) Assert.Equal(new[] { long.MaxValue, -7L }, t.ToArray<long>());
                break;
            case DType.Bool:
                using (var t = Torch.FromArray(new[] { true, false, true })) Assert.Equal(new[] { true, false, true }, t.ToArray<bool>());
                break;
        }
    }

    [Fact]
    public void DataSpanWritesThroughWithoutCopy()
    {
        using var t = Torch.Zeros(new long[] { 4 });
        t.Data<float>()[2] = 7;
        Assert.Equal(new float[] { 0, 0, 7, 0 }, t.ToArray<float>());
    }

    [Fact]
    public void WrongElementTypeOrLengthIsRejected()
    {
        using var t = Torch.Zeros(new long[] { 4 });
        Assert.Throws<ArgumentException>(() => t.ToArray<double>());
        Assert.Throws<TorchException>(() => t.CopyTo<float>(new float[3]));
        Assert.Throws<TorchException>(() => Torch.FromArray(new float[5], 2, 3));
    }

    [Fact]
    public void ArithmeticBroadcastsLikePyTorch()
    {
        using var scope = Torch.NewDisposeScope();
        var a = Torch.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        var b = Torch.FromArray(new float[] { 10, 20 }, 2);
        Assert.Equal(new float[] { 11, 22, 13, 24 }, (a + b).ToArray<float>());
        Assert.Equal(new float[] { 2, 5, 8, 11 }, (a * 3 - 1).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, -1, -2 }, (2 - a).ToArray<float>());
        Assert.Equal(new float[] { 0.5f, 1, 1.5f, 2 }, (a / 2).ToArray<float>());
        Assert.Equal(new float[] { 7, 10, 15, 22 }, a.MatMul(a).ToArray<float>());
        Assert.Equal(10f, a.Sum().Item<float>());
        Assert.Equal(new float[] { 4, 6 }, a.Sum(0).ToArray<float>());
        Assert.Equal(new float[] { 1.5f, 3.5f }, a.Mean(1).ToArray<float>());
        var (values, indices) = a.Max(1);
        Assert.Equal(new float[] { 2, 4 }, values.ToArray<float>());
        Assert.Equal(new long[] { 1, 1 }, indices.ToArray<long>());
        Assert.Equal(3L, a.ArgMax().Item<long>());
        Assert.Equal(new float[] { 1, 2, 2, 2 }, a.Clamp(max: 2).ToArray<float>());
    }

    [Fact]
    public void ShapeOperationsMatchTheirDefinitions()
    {
        using var scope = Torch.NewDisposeScope();
        var a = Torch.Arange(0, 6, type: DType.Float32).Reshape(2, 3);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, a.Transpose(0, 1).Contiguous().ToArray<float>());
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, a.Permute(1, 0).ToArray<float>());
        Assert.Equal(new long[] { 6 }, a.Flatten().Shape);
        Assert.Equal(new long[] { 2, 1, 3 }, a.Unsqueeze(1).Shape);
        Assert.Equal(new float[] { 1, 2, 4, 5 }, a.Slice(1, 1, null).ToArray<float>());
        Assert.Equal(new float[] { 3, 4, 5 }, a.Select(0, 1).ToArray<float>());
        Assert.Equal(new float[] { 2, 0, 5, 3 }, a.IndexSelect(1, Torch.FromArray(new long[] { 2, 0 })).ToArray<float>());
        Assert.Equal(new long[] { 4, 3 }, Torch.Cat(new[] { a, a }, 0).Shape);
        Assert.Equal(new long[] { 2, 2, 3 }, Torch.Stack(new[] { a, a }, 0).Shape);
        var padded = a.Pad(new long[] { 0, 1, 1, 0 }, -1);   // TF SAME on stride 2: 0 before, 1 after
        Assert.Equal(new long[] { 3, 4 }, padded.Shape);
        Assert.Equal(new float[] { -1, -1, -1, -1, 0, 1, 2, -1, 3, 4, 5, -1 }, padded.ToArray<float>());
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndLogSoftmaxIsItsLog()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(3);
        var x = Torch.Randn(new long[] { 5, 7 }) * 4;
        var p = x.Softmax(1);
        foreach (float s in p.Sum(1).ToArray<float>()) Assert.Equal(1f, s, 5);
        Assert.True(x.LogSoftmax(1).AllClose(p.Log(), 1e-5, 1e-6));
    }

    [Fact]
    public void ThreadCountCanBeSetAndRead()
    {
        int before = Torch.Threads;
        try
        {
            Torch.Threads = 1;
            Assert.Equal(1, Torch.Threads);
            Torch.Threads = 2;
            Assert.Equal(2, Torch.Threads);
        }
        finally
        {
            Torch.Threads = before;
        }
    }

    [Fact]
    public void ThreadCountSetOnOneThreadHoldsOnThreadsThatRanLibtorchBefore()
    {
        // A worker that already used libtorch (as thread-pool threads have) must see a later change.
        using var requests = new System.Collections.Concurrent.BlockingCollection<TaskCompletionSource<int>>();
        var worker = new Thread(() =>
        {
            foreach (var request in requests.GetConsumingEnumerable()) request.SetResult(Torch.Threads);
        });
        worker.Start();
        int ReadOnWorker()
        {
            var request = new TaskCompletionSource<int>();
            requests.Add(request);
            return request.Task.Result;
        }

        int before = Torch.Threads;
        try
        {
            int first = ReadOnWorker();
            Torch.Threads = first + 1;
            Assert.Equal(first + 1, ReadOnWorker());
            Torch.Threads = 1;
            Assert.Equal(1, ReadOnWorker());
        }
        finally
        {
            requests.CompleteAdding();
            worker.Join();
            Torch.Threads = before;
        }
    }

    [Fact]
    public void DisposedTensorThrowsObjectDisposed()
    {
        var t = Torch.Zeros(new long[] { 2 });
        t.Dispose();
        t.Dispose();
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.Sum());
    }

    [Fact]
    public void ToStringShowsLibtorchPrintout()
    {
        using var t = Torch.FromArray(new float[] { 1, 2 });
        Assert.Contains("CPUFloatType{2}", t.ToString());
        Assert.Equal("Tensor[2] Float32 cpu", t.Describe());
    }
}
