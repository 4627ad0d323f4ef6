using Ser.Torch.Interop;

namespace Ser.Torch.NN;

/// <summary>
/// A network part with named parameters (trainable tensors), buffers (state such as batch-norm
/// running statistics) and submodules, addressed by dotted names ("features.conv1.weight") as
/// in PyTorch's state_dict. The module owns its tensors and disposes them.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = new();
    private readonly List<KeyValuePair<string, Tensor>> _buffers = new();
    private readonly List<KeyValuePair<string, Module>> _modules = new();
    private bool _disposed;

    /// <summary>True in training mode (dropout active, batch norm on batch statistics); new modules train.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Registers a trainable parameter; the module takes ownership (it leaves any dispose scope).</summary>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckName(name);
        DisposeScope.Detach(tensor);
        tensor.RequiresGrad = true;
        _parameters.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Registers a buffer (saved and moved with the module, never trained); the module takes ownership.</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        CheckName(name);
        DisposeScope.Detach(tensor);
        _buffers.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Registers a submodule under <paramref name="name"/>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _modules.Add(new(name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
        {
            throw new ArgumentException($"'{name}' is not a valid member name (non-empty, no dots)", nameof(name));
        }
        foreach (var p in _parameters) if (p.Key == name) throw new ArgumentException($"'{name}' is already registered", nameof(name));
        foreach (var p in _buffers) if (p.Key == name) throw new ArgumentException($"'{name}' is already registered", nameof(name));
        foreach (var p in _modules) if (p.Key == name) throw new ArgumentException($"'{name}' is already registered", nameof(name));
    }

    /// <summary>Parameters with dotted names, this module's first, then each submodule's in registration order.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(bool recurse = true)
    {
        foreach (var p in _parameters) yield return (p.Key, p.Value);
        if (!recurse) yield break;
        foreach (var m in _modules)
        {
            foreach (var (name, t) in m.Value.NamedParameters()) yield return (m.Key + "." + name, t);
        }
    }

    /// <summary>All parameters (the list an optimizer takes).</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>The parameters that currently require gradients (not frozen).</summary>
    public IReadOnlyList<Tensor> TrainableParameters() => NamedParameters().Select(p => p.Parameter).Where(p => p.RequiresGrad).ToList();

    /// <summary>Buffers with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true)
    {
        foreach (var b in _buffers) yield return (b.Key, b.Value);
        if (!recurse) yield break;
        foreach (var m in _modules)
        {
            foreach (var (name, t) in m.Value.NamedBuffers()) yield return (m.Key + "." + name, t);
        }
    }

    /// <summary>Direct submodules.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var m in _modules) yield return (m.Key, m.Value);
    }

    /// <summary>This module ("") and every descendant, with dotted names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        yield return ("", this);
        foreach (var m in _modules)
        {
            foreach (var (name, sub) in m.Value.NamedModules()) yield return (name.Length == 0 ? m.Key : m.Key + "." + name, sub);
        }
    }

    /// <summary>Number of parameter elements (all, or only trainable ones).</summary>
    public long ParameterCount(bool trainableOnly = false)
    {
        long n = 0;
        foreach (var (_, p) in NamedParameters()) if (!trainableOnly || p.RequiresGrad) n += p.NumberOfElements;
        return n;
    }

    /// <summary>Sets training mode here and in every submodule.</summary>
    public virtual void Train(bool training = true)
    {
        IsTraining = training;
        foreach (var m in _modules) m.Value.Train(training);
    }

    /// <summary>Sets evaluation mode (<c>Train(false)</c>).</summary>
    public void Eval() => Train(false);

    /// <summary>Stops gradients for every parameter (frozen feature extractor).</summary>
    public void Freeze() => SetRequiresGrad(false);

    /// <summary>Re-enables gradients for every parameter.</summary>
    public void Unfreeze() => SetRequiresGrad(true);

    private void SetRequiresGrad(bool value)
    {
        foreach (var (_, p) in NamedParameters()) p.RequiresGrad = value;
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in NamedParameters()) p.Grad = null;
    }

    /// <summary>
    /// Moves every parameter and buffer to <paramref name="device"/> in place (tensor identity is
    /// kept, so optimizers created before still see the parameters).
    /// </summary>
    public void To(Device device)
    {
        foreach (var (_, t) in NamedParameters().Concat(NamedBuffers()))
        {
            if (t.Device == device) continue;
            using Tensor moved = t.To(device);
            NativeMethods.Check(NativeMethods.st_tensor_set_data(t.Ptr, moved.Ptr));
        }
    }

    /// <summary>Parameters and buffers by dotted name (the module's own tensors, not copies).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in NamedParameters()) state[name] = t;
        foreach (var (name, t) in NamedBuffers()) state[name] = t;
        return state;
    }

    /// <summary>
    /// Copies tensors into this module's parameters and buffers by name. Every mismatch — a
    /// missing or unexpected name (when <paramref name="strict"/>), a wrong shape or element type
    /// — is collected and reported in one <see cref="StateDictMismatchException"/>; nothing is
    /// copied then.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        IReadOnlyDictionary<string, Tensor> own = StateDict();
        var problems = new List<string>();
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out Tensor? source))
            {
                if (strict) problems.Add($"missing '{name}' ({Describe(target)})");
                continue;
            }
            if (!source.Shape.AsSpan().SequenceEqual(target.Shape) || source.DType != target.DType)
            {
                problems.Add($"'{name}': expected {Describe(target)}, found {Describe(source)}");
            }
        }
        if (strict)
        {
            foreach (string name in state.Keys.Where(k => !own.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal))
            {
                problems.Add($"unexpected '{name}' ({Describe(state[name])})");
            }
        }
        if (problems.Count > 0) throw new StateDictMismatchException(problems);
        foreach (var (name, target) in own)
        {
            if (state.TryGetValue(name, out Tensor? source)) target.CopyFrom(source);
        }
    }

    private static string Describe(Tensor t) => $"[{string.Join(", ", t.Shape)}] {t.DType}";

    /// <summary>Disposes the parameters, buffers and submodules.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the module's tensors when <paramref name="disposing"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        foreach (var p in _parameters) p.Value.Dispose();
        foreach (var b in _buffers) b.Value.Dispose();
        foreach (var m in _modules) m.Value.Dispose();
    }
}

/// <summary>A module with a typed forward pass.</summary>
/// <typeparam name="TIn">Input type (usually <see cref="Tensor"/>).</typeparam>
/// <typeparam name="TOut">Output type.</typeparam>
public abstract class Module<TIn, TOut> : Module
{
    /// <summary>Computes the output; tensors it creates belong to the caller (or the current dispose scope).</summary>
    public abstract TOut Forward(TIn input);

    /// <summary>Same as <see cref="Forward"/>.</summary>
    public TOut Call(TIn input) => Forward(input);
}
