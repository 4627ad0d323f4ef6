using static Ser.Torch.Interop.NativeMethods;

namespace Ser.Torch.Optim;

/// <summary>Gradient clipping (torch.nn.utils).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their <paramref name="normType"/>-norm is at most
    /// <paramref name="maxNorm"/>; returns the norm before clipping. Parameters without a gradient are skipped.
    /// </summary>
    public static unsafe double ClipGradNorm(IReadOnlyList<Tensor> parameters, double maxNorm, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "must be > 0");
        var handles = new IntPtr[parameters.Count];
        for (int i = 0; i < handles.Length; i++) handles[i] = parameters[i].Ptr;
        double total;
        fixed (IntPtr* p = handles) Check(st_clip_grad_norm(p, handles.Length, maxNorm, normType, &total));
        GC.KeepAlive(parameters);
        return total;
    }
}
