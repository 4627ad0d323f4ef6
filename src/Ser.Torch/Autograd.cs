using static Ser.Torch.Interop.NativeMethods;

namespace Ser.Torch;

/// <summary>Gradients computed on demand (torch.autograd.grad).</summary>
public static class Autograd
{
    /// <summary>
    /// d(sum of <paramref name="outputs"/>)/d(<paramref name="inputs"/>) without touching the
    /// leaves' <see cref="Tensor.Grad"/>. An entry is null where an input does not influence the
    /// outputs and <paramref name="allowUnused"/> is true.
    /// </summary>
    public static unsafe Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null, bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
        {
            throw new ArgumentException("one gradient per output is required", nameof(gradOutputs));
        }
        var outs = new IntPtr[outputs.Count];
        var grads = new IntPtr[outputs.Count];
        var ins = new IntPtr[inputs.Count];
        var results = new IntPtr[inputs.Count];
        for (int i = 0; i < outs.Length; i++)
        {
            outs[i] = outputs[i].Ptr;
            grads[i] = gradOutputs?[i]?.Ptr ?? IntPtr.Zero;
        }
        for (int i = 0; i < ins.Length; i++) ins[i] = inputs[i].Ptr;
        fixed (IntPtr* o = outs, g = grads, x = ins, r = results)
        {
            Check(st_autograd_grad(o, outs.Length, gradOutputs is null ? null : g, x, ins.Length,
                retainGraph is null ? -1 : retainGraph.Value ? 1 : 0, createGraph ? 1 : 0, allowUnused ? 1 : 0, r));
        }
        GC.KeepAlive(outputs);
        GC.KeepAlive(inputs);
        GC.KeepAlive(gradOutputs);
        var tensors = new Tensor?[results.Length];
        for (int i = 0; i < results.Length; i++)
        {
            tensors[i] = results[i] == IntPtr.Zero ? null : Tensor.FromHandle(results[i]);
        }
        return tensors;
    }

    /// <summary>d(<paramref name="output"/>)/d(<paramref name="input"/>) for one scalar output.</summary>
    public static Tensor Grad(Tensor output, Tensor input, bool? retainGraph = null) =>
        Grad(new[] { output }, new[] { input }, retainGraph: retainGraph)[0]
        ?? throw new TorchException("the input does not influence the output");
}
