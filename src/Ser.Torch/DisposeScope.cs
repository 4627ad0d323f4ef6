namespace Ser.Torch;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and disposes
/// them when it is disposed — the way to run loops without waiting for finalisers:
/// <code>
/// for (...) {
///     using var scope = Torch.NewDisposeScope();
///     var loss = ...;                 // temporaries are freed at the end of the iteration
///     total += loss.Item&lt;float&gt;();
/// }
/// </code>
/// Keep a result with <see cref="MoveToOuter(Tensor)"/> (it then belongs to the enclosing scope, or to
/// nobody) or <see cref="Detach"/>. Scopes nest and are per thread.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? t_current;

    private readonly DisposeScope? _outer;
    private readonly List<Tensor> _owned = new();
    private readonly int _threadId;
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = t_current;
        _threadId = Environment.CurrentManagedThreadId;
        t_current = this;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static DisposeScope? Current => t_current;

    /// <summary>Number of tensors this scope owns now.</summary>
    public int Count => _owned.Count;

    internal void Attach(Tensor t)
    {
        t.Scope = this;
        _owned.Add(t);
    }

    internal void Forget(Tensor t)
    {
        int i = _owned.LastIndexOf(t);
        if (i >= 0)
        {
            int last = _owned.Count - 1;
            _owned[i] = _owned[last];
            _owned.RemoveAt(last);
        }
        t.Scope = null;
    }

    /// <summary>Hands <paramref name="tensor"/> to the enclosing scope (or to the caller when there is none).</summary>
    public Tensor MoveToOuter(Tensor tensor)
    {
        if (tensor.Scope != this) throw new InvalidOperationException("the tensor does not belong to this scope");
        Forget(tensor);
        _outer?.Attach(tensor);
        return tensor;
    }

    /// <summary>Hands several tensors to the enclosing scope.</summary>
    public void MoveToOuter(params Tensor[] tensors)
    {
        foreach (Tensor t in tensors) MoveToOuter(t);
    }

    /// <summary>Removes <paramref name="tensor"/> from every scope: the caller must dispose it.</summary>
    public static Tensor Detach(Tensor tensor)
    {
        tensor.Scope?.Forget(tensor);
        return tensor;
    }

    /// <summary>Disposes every tensor the scope still owns and makes the enclosing scope current again.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException("a DisposeScope must be disposed on the thread that opened it");
        }
        if (t_current != this)
        {
            throw new InvalidOperationException("dispose scopes must be disposed innermost first");
        }
        _disposed = true;
        t_current = _outer;
        foreach (Tensor t in _owned)
        {
            t.Scope = null;
            t.Dispose();
        }
        _owned.Clear();
    }
}
