using Ser.Torch.Interop;
using static Ser.Torch.Interop.NativeMethods;

namespace Ser.Torch;

public sealed partial class Tensor
{
    /// <summary>Whether autograd records operations on this tensor; set it on leaves (parameters, inputs).</summary>
    public bool RequiresGrad
    {
        get => Check(st_tensor_requires_grad(Ptr)) != 0;
        set => Check(st_tensor_set_requires_grad(Ptr, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (for chaining).</summary>
    public Tensor WithRequiresGrad(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>True for tensors created by the user (not by a recorded operation).</summary>
    public bool IsLeaf => Check(st_tensor_is_leaf(Ptr)) != 0;

    /// <summary>
    /// The gradient accumulated by <see cref="Backward"/>, as a new handle to it (dispose it), or
    /// null when there is none. Setting null clears it.
    /// </summary>
    public unsafe Tensor? Grad
    {
        get
        {
            IntPtr g;
            Check(st_tensor_grad(Ptr, &g));
            return g == IntPtr.Zero ? null : FromHandle(g);
        }
        set
        {
            Check(st_tensor_set_grad(Ptr, value?.Ptr ?? IntPtr.Zero));
            GC.KeepAlive(value);
        }
    }

    /// <summary>Keeps the gradient of this non-leaf tensor after backward (for Grad-CAM).</summary>
    public void RetainGrad() => Check(st_tensor_retain_grad(Ptr));

    /// <summary>
    /// Back-propagates from this tensor (a scalar, or with <paramref name="gradient"/>) and
    /// accumulates gradients in the leaves.
    /// </summary>
    /// <param name="gradient">d(output)/d(this) for non-scalar tensors; null means 1.</param>
    /// <param name="retainGraph">Keep the graph for another backward (default: same as <paramref name="createGraph"/>).</param>
    /// <param name="createGraph">Record the backward pass itself (higher-order gradients).</param>
    public void Backward(Tensor? gradient = null, bool? retainGraph = null, bool createGraph = false)
    {
        Check(st_tensor_backward(Ptr, gradient?.Ptr ?? IntPtr.Zero, retainGraph is null ? -1 : retainGraph.Value ? 1 : 0, createGraph ? 1 : 0));
        GC.KeepAlive(gradient);
    }

    /// <summary>The same data without autograd history (requires no gradient).</summary>
    public Tensor Detach() => FromHandle(st_tensor_detach(Ptr));
}
