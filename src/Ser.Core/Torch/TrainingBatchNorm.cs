using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>
/// A <see cref="BatchNorm2d"/> in training mode on one thread, computed by <see cref="BatchNormKernel"/> as a custom
/// autograd function: the same function, gradients and running statistics as libtorch's, with each activation read
/// from memory once per pass instead of twice (YAMNet's forward pass at batch 32: 87 → 60–68 ms; docs/torchsharp.md).
/// Evaluation mode, other devices and types, layers without affine parameters or running statistics, and more than one
/// thread keep libtorch's own batch norm: on two threads libtorch's parallel kernel was faster than this one, alone or
/// split over .NET threads, which contend with libtorch's OpenMP workers (YAMNet 179–195 against 230–240 samples/s).
/// Its gradients are first-order: a backward pass that builds a graph of its own (create_graph) does not differentiate
/// through them, and forward hooks on the batch-norm module do not run.
/// </summary>
internal static class TrainingBatchNorm
{
    /// <summary>
    /// Gradients handed to libtorch by the last backward call on this thread. libtorch keeps its own references; the
    /// managed handles are released at this thread's next call, when libtorch has long taken them over, or when the
    /// dispose scope around the backward pass ends, whichever comes first. Until then they would keep each layer's
    /// input gradient alive to the end of the backward pass.
    /// </summary>
    [ThreadStatic] private static List<Tensor>? _handedOver;

    /// <summary>
    /// True when <paramref name="bn"/> would normalise <paramref name="x"/> with the batch's statistics and the kernel
    /// should do it: training mode, one thread (<see cref="TorchThreads.Count"/>), CPU float32 (N, C, H, W) input, affine
    /// parameters and running statistics, more than one value per channel.
    /// </summary>
    public static bool Handles(BatchNorm2d bn, Tensor x) =>
        bn.training && TorchThreads.Count == 1 && bn.weight is not null && bn.bias is not null && bn.running_mean is not null && bn.running_var is not null
        && x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.dim() == 4
        && bn.weight.device_type == DeviceType.CPU && bn.weight.dtype == ScalarType.Float32
        && x.shape[0] * x.shape[2] * x.shape[3] > 1 && x.numel() <= int.MaxValue;

    /// <summary><paramref name="bn"/>'s training-mode output for <paramref name="x"/>; updates its running statistics as libtorch does.</summary>
    public static Tensor Forward(BatchNorm2d bn, Tensor x)
    {
        ReleaseHandedOver();
        var pass = new Pass((int)x.shape[1]);
        Tensor input = x.is_contiguous() ? x : x.contiguous();
        Tensor y = Function.apply(input, bn.weight!, bn.bias!, bn.eps, pass);
        foreach (Tensor t in pass.Own) t.Dispose();         // libtorch holds the output and what the backward pass needs
        if (!ReferenceEquals(input, x)) input.Dispose();
        if (pass.Context is not null) OutputCache.Release(pass.Context);
        UpdateRunningStatistics(bn, pass.Statistics, x.numel() / x.shape[1]);
        return y;
    }

    private static void ReleaseHandedOver()
    {
        if (_handedOver is null) return;
        foreach (Tensor t in _handedOver) t.Dispose();
        _handedOver.Clear();
    }

    /// <summary>running = (1 − m) · running + m · batch, with the unbiased variance, m = momentum or 1 / batches tracked.</summary>
    private static void UpdateRunningStatistics(BatchNorm2d bn, float[] statistics, long count)
    {
        int channels = statistics.Length / 2;
        using var noGrad = no_grad();
        double momentum;
        if (bn.num_batches_tracked is Tensor tracked)
        {
            tracked.add_(1);
            momentum = bn.momentum ?? 1.0 / tracked.item<long>();
        }
        else
        {
            momentum = bn.momentum ?? 0.1;
        }
        Span<float> mean = PatchTensors.Floats(bn.running_mean!);
        Span<float> var = PatchTensors.Floats(bn.running_var!);
        float m = (float)momentum, keep = (float)(1 - momentum), unbias = (float)(count / (double)(count - 1));
        for (int c = 0; c < channels; c++)
        {
            mean[c] = keep * mean[c] + m * statistics[c];
            var[c] = keep * var[c] + m * statistics[channels + c] * unbias;
        }
    }

    /// <summary>A CPU tensor's float32 memory; libtorch's, so it needs no pinning.</summary>
    private static unsafe float* Pointer(Tensor t)
    {
        fixed (float* p = PatchTensors.Floats(t)) return p;
    }

    /// <summary>What one call's forward pass hands back besides its output.</summary>
    private sealed class Pass(int channels)
    {
        /// <summary>The batch's mean, then its biased variance (C each).</summary>
        public float[] Statistics { get; } = new float[2 * channels];

        /// <summary>The forward pass's own handles (output, mean, 1 / √(var + eps)), released once libtorch holds them.</summary>
        public List<Tensor> Own { get; } = new(3);

        /// <summary>The autograd context, when a graph was recorded.</summary>
        public autograd.AutogradContext? Context { get; set; }
    }

    /// <summary>The autograd node: inputs x, weight, bias; eps and the <see cref="Pass"/> ride along.</summary>
    internal sealed class Function : autograd.SingleTensorFunction<Function>
    {
        /// <inheritdoc />
        public override string Name => "SerBatchNorm2dTraining";

        /// <inheritdoc />
        public override unsafe Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (x, weight, bias, eps, pass) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (double)vars[3], (Pass)vars[4]);
            int batch = (int)x.shape[0], channels = (int)x.shape[1], plane = (int)(x.shape[2] * x.shape[3]);
            Tensor y = empty_like(x), mean = empty(channels), invStd = empty(channels);
            pass.Own.AddRange(new[] { y, mean, invStd });
            pass.Context = ctx;
            ctx.set_materialize_grads(false);           // an undefined output gradient stays undefined: no zeros from the output cache
            float[] statistics = pass.Statistics;
            fixed (float* variance = &statistics[channels])
            {
                BatchNormKernel.Forward(Pointer(x), Pointer(y), batch, channels, plane, Pointer(weight), Pointer(bias), eps,
                    Pointer(mean), Pointer(invStd), variance);
            }
            PatchTensors.Floats(mean).CopyTo(statistics);
            ctx.save_for_backward(new List<Tensor> { x, weight, mean, invStd });
            return y;
        }

        /// <inheritdoc />
        public override unsafe List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            ReleaseHandedOver();
            if (gradOutput.IsInvalid) return new List<Tensor> { null!, null!, null!, null!, null! };     // nothing flows back
            List<Tensor> saved = ctx.get_saved_variables();
            var (x, weight, mean, invStd) = (saved[0], saved[1], saved[2], saved[3]);
            Tensor dy = gradOutput.is_contiguous() ? gradOutput : gradOutput.contiguous();
            int batch = (int)x.shape[0], channels = (int)x.shape[1], plane = (int)(x.shape[2] * x.shape[3]);
            Tensor dx = empty_like(x), gradWeight = empty(channels), gradBias = empty(channels);
            BatchNormKernel.Backward(Pointer(x), Pointer(dy), Pointer(dx), batch, channels, plane, Pointer(weight),
                Pointer(mean), Pointer(invStd), Pointer(gradWeight), Pointer(gradBias));
            foreach (Tensor t in saved) t.Dispose();
            if (!ReferenceEquals(dy, gradOutput)) dy.Dispose();
            gradOutput.Dispose();
            var result = new List<Tensor> { dx, gradWeight, gradBias };
            (_handedOver ??= new List<Tensor>(3)).AddRange(result);
            result.AddRange(new Tensor[] { null!, null! });    // eps and the pass: not tensors
            return result;
        }
    }
}
