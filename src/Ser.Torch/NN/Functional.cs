using Ser.Torch.Interop;
using static Ser.Torch.Interop.NativeMethods;

namespace Ser.Torch.NN;

/// <summary>
/// Stateless network operations (torch.nn.functional). Tensors are NCHW (2-D) or NCL (1-D);
/// sizes are in elements.
/// </summary>
public static class Functional
{
    private static Args A(Op op) => new(op);

    /// <summary>1-D convolution of (N, C, L) input with (O, C/groups, K) weight.</summary>
    public static unsafe Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        long s = stride, p = padding, d = dilation;
        Tensor r = Tensor.FromHandle(st_conv(input.Ptr, weight.Ptr, bias?.Ptr ?? IntPtr.Zero, &s, &p, &d, 1, groups));
        GC.KeepAlive(input);
        GC.KeepAlive(weight);
        GC.KeepAlive(bias);
        return r;
    }

    /// <summary>2-D convolution of (N, C, H, W) input with (O, C/groups, kH, kW) weight; symmetric padding per axis.</summary>
    public static unsafe Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, (int H, int W)? stride = null, (int H, int W)? padding = null,
        (int H, int W)? dilation = null, int groups = 1)
    {
        var s = stride ?? (1, 1);
        var p = padding ?? (0, 0);
        var d = dilation ?? (1, 1);
        long* sp = stackalloc long[] { s.H, s.W };
        long* pp = stackalloc long[] { p.H, p.W };
        long* dp = stackalloc long[] { d.H, d.W };
        Tensor r = Tensor.FromHandle(st_conv(input.Ptr, weight.Ptr, bias?.Ptr ?? IntPtr.Zero, sp, pp, dp, 2, groups));
        GC.KeepAlive(input);
        GC.KeepAlive(weight);
        GC.KeepAlive(bias);
        return r;
    }

    /// <summary>2-D convolution with any padding per side (asymmetric padding pads the input with zeros first).</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, Padding2d padding, (int H, int W)? dilation = null, int groups = 1)
    {
        if (padding.IsSymmetric)
        {
            return Conv2d(input, weight, bias, stride, (padding.Top, padding.Left), dilation, groups);
        }
        using Tensor padded = input.Pad(new long[] { padding.Left, padding.Right, padding.Top, padding.Bottom });
        return Conv2d(padded, weight, bias, stride, (0, 0), dilation, groups);
    }

    /// <summary>
    /// Batch normalisation over dimension 1. In training it normalises with the batch statistics
    /// and updates <paramref name="runningMean"/>/<paramref name="runningVar"/> in place with
    /// <paramref name="momentum"/>; in evaluation it uses the running statistics.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, double momentum = 0.1, double eps = 1e-5)
    {
        Tensor r = Tensor.FromHandle(st_batch_norm(input.Ptr, weight?.Ptr ?? IntPtr.Zero, bias?.Ptr ?? IntPtr.Zero,
            runningMean?.Ptr ?? IntPtr.Zero, runningVar?.Ptr ?? IntPtr.Zero, training ? 1 : 0, momentum, eps));
        GC.KeepAlive(input);
        GC.KeepAlive(weight);
        GC.KeepAlive(bias);
        GC.KeepAlive(runningMean);
        GC.KeepAlive(runningVar);
        return r;
    }

    /// <summary>x·Wᵀ + b for (…, in) input and (out, in) weight.</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        Tensor r = Tensor.FromHandle(st_linear(input.Ptr, weight.Ptr, bias?.Ptr ?? IntPtr.Zero));
        GC.KeepAlive(input);
        GC.KeepAlive(weight);
        GC.KeepAlive(bias);
        return r;
    }

    /// <summary>2-D max pooling (stride defaults to the kernel size).</summary>
    public static unsafe Tensor MaxPool2d(Tensor input, (int H, int W) kernel, (int H, int W)? stride = null, (int H, int W)? padding = null, bool ceilMode = false)
    {
        var s = stride ?? kernel;
        var p = padding ?? (0, 0);
        long* kp = stackalloc long[] { kernel.H, kernel.W };
        long* sp = stackalloc long[] { s.H, s.W };
        long* pp = stackalloc long[] { p.H, p.W };
        Tensor r = Tensor.FromHandle(st_max_pool2d(input.Ptr, kp, sp, pp, ceilMode ? 1 : 0));
        GC.KeepAlive(input);
        return r;
    }

    /// <summary>1-D max pooling (stride defaults to the kernel size).</summary>
    public static Tensor MaxPool1d(Tensor input, int kernel, int? stride = null, int padding = 0, bool ceilMode = false) =>
        A(Aten.MaxPool1d).Tensor(input).Ints(kernel).Ints(stride ?? kernel).Ints(padding).Ints(1).Bool(ceilMode).Call();

    /// <summary>2-D average pooling (stride defaults to the kernel size).</summary>
    public static Tensor AvgPool2d(Tensor input, (int H, int W) kernel, (int H, int W)? stride = null, (int H, int W)? padding = null,
        bool ceilMode = false, bool countIncludePad = true)
    {
        var s = stride ?? kernel;
        var p = padding ?? (0, 0);
        return A(Aten.AvgPool2d).Tensor(input).Ints(kernel.H, kernel.W).Ints(s.H, s.W).Ints(p.H, p.W).Bool(ceilMode).Bool(countIncludePad).Call();
    }

    /// <summary>1-D average pooling (stride defaults to the kernel size).</summary>
    public static Tensor AvgPool1d(Tensor input, int kernel, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        A(Aten.AvgPool1d).Tensor(input).Ints(kernel).Ints(stride ?? kernel).Ints(padding).Bool(ceilMode).Bool(countIncludePad).Call();

    /// <summary>Average pooling to a fixed (H, W) output ((1, 1) is global average pooling).</summary>
    public static unsafe Tensor AdaptiveAvgPool2d(Tensor input, (int H, int W) output)
    {
        long* op = stackalloc long[] { output.H, output.W };
        Tensor r = Tensor.FromHandle(st_adaptive_avg_pool2d(input.Ptr, op));
        GC.KeepAlive(input);
        return r;
    }

    /// <summary>Average pooling to a fixed length.</summary>
    public static Tensor AdaptiveAvgPool1d(Tensor input, int output) => A(Aten.AdaptiveAvgPool1d).Tensor(input).Ints(output).Call();

    /// <summary>Max pooling to a fixed (H, W) output.</summary>
    public static Tensor AdaptiveMaxPool2d(Tensor input, (int H, int W) output)
    {
        Tensor[] r = A(Aten.AdaptiveMaxPool2d).Tensor(input).Ints(output.H, output.W).CallMany();
        r[1].Dispose();
        return r[0];
    }

    /// <summary>Zeroes elements with probability <paramref name="p"/> and scales the rest by 1/(1−p) when <paramref name="training"/>.</summary>
    public static Tensor Dropout(Tensor input, double p, bool training) =>
        A(Aten.Dropout).Tensor(input).Double(p).Bool(training).Call();

    /// <summary>Bilinear resize of (N, C, H, W) input to <paramref name="size"/> (align_corners as PyTorch's argument).</summary>
    public static Tensor InterpolateBilinear(Tensor input, (int H, int W) size, bool alignCorners = false) =>
        A(Aten.UpsampleBilinear).Tensor(input).Ints(size.H, size.W).Bool(alignCorners).None().Call();

    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => x.Relu();

    /// <summary>min(max(x, 0), 6).</summary>
    public static Tensor Relu6(Tensor x) => x.Relu6();

    /// <summary>Logistic sigmoid.</summary>
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => x.Tanh();

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public static Tensor Softmax(Tensor x, int dim) => x.Softmax(dim);

    /// <summary>log(softmax) along <paramref name="dim"/>.</summary>
    public static Tensor LogSoftmax(Tensor x, int dim) => x.LogSoftmax(dim);
}
