using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>Checked loading and copying of a module's parameters and buffers (its state dict, under dotted names).</summary>
public static class StateDict
{
    /// <summary>
    /// Copies <paramref name="tensors"/> into the module's parameters and buffers of the same names. Every name,
    /// shape and element type must match; with <paramref name="strict"/> every tensor of the module must be given
    /// and no other. All mismatches are listed at once, and nothing is copied when there is one.
    /// </summary>
    /// <exception cref="StateDictMismatchException">The tensors do not fit the module.</exception>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(tensors);
        Dictionary<string, Tensor> own = module.state_dict();
        var problems = new List<string>();
        foreach (var (name, t) in tensors)
        {
            if (!own.TryGetValue(name, out Tensor? target))
            {
                if (strict) problems.Add($"unexpected tensor '{name}'");
                continue;
            }
            if (!target.shape.SequenceEqual(t.shape))
            {
                problems.Add($"'{name}': shape [{string.Join(", ", t.shape)}] where the network has [{string.Join(", ", target.shape)}]");
            }
            else if (target.dtype != t.dtype)
            {
                problems.Add($"'{name}': {t.dtype} where the network has {target.dtype}");
            }
        }
        if (strict)
        {
            foreach (string name in own.Keys) if (!tensors.ContainsKey(name)) problems.Add($"missing tensor '{name}'");
        }
        if (problems.Count > 0) throw new StateDictMismatchException(problems);
        using var noGrad = no_grad();
        foreach (var (name, t) in tensors)
        {
            if (own.TryGetValue(name, out Tensor? target)) target.copy_(t);
        }
    }

    /// <summary>Detached copies of the module's parameters and buffers, outside any dispose scope (dispose them with <see cref="SafeTensors.DisposeAll"/>).</summary>
    public static Dictionary<string, Tensor> Clone(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = no_grad();
        var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in module.state_dict()) copy[name] = t.detach().clone().DetachFromDisposeScope();
        return copy;
    }

    /// <summary>Number of parameter elements (only those that require gradients with <paramref name="trainableOnly"/>).</summary>
    public static long ParameterCount(nn.Module module, bool trainableOnly = false)
    {
        ArgumentNullException.ThrowIfNull(module);
        long n = 0;
        foreach (var p in module.parameters()) if (!trainableOnly || p.requires_grad) n += p.numel();
        return n;
    }

    /// <summary>Stops gradients for every parameter of the module (a frozen branch).</summary>
    public static void Freeze(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var p in module.parameters()) p.requires_grad = false;
    }
}
