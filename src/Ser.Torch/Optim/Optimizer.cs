using Ser.Torch.Interop;
using static Ser.Torch.Interop.NativeMethods;

namespace Ser.Torch.Optim;

/// <summary>
/// An optimizer running libtorch's own implementation over a fixed list of parameters. The
/// learning rate can be changed between steps (see <see cref="LRScheduler"/>).
/// </summary>
public abstract class Optimizer : IDisposable
{
    private IntPtr _handle;
    private readonly Tensor[] _parameters;

    private protected unsafe Optimizer(IReadOnlyList<Tensor> parameters, Func<IntPtr, int, IntPtr> create, int stateSlots)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("an optimizer needs at least one parameter", nameof(parameters));
        _parameters = parameters.ToArray();
        StateSlots = stateSlots;
        var handles = new IntPtr[_parameters.Length];
        for (int i = 0; i < handles.Length; i++) handles[i] = _parameters[i].Ptr;
        fixed (IntPtr* p = handles) _handle = Check(create((IntPtr)p, handles.Length));
        GC.KeepAlive(_parameters);
    }

    /// <summary>The parameters this optimizer updates, in order.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Number of state tensors per parameter (for checkpoints).</summary>
    internal int StateSlots { get; }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(GetType().Name);

    /// <summary>The current learning rate.</summary>
    public unsafe double LearningRate
    {
        get
        {
            double lr;
            Check(st_optim_get_lr(Handle, &lr));
            return lr;
        }
        set
        {
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "must be finite and ≥ 0");
            Check(st_optim_set_lr(Handle, value));
        }
    }

    /// <summary>Updates every parameter from its gradient.</summary>
    public void Step() => Check(st_optim_step(Handle));

    /// <summary>Clears the gradients (to none by default, as PyTorch 2's default: no memory write).</summary>
    public void ZeroGrad(bool setToNone = true) => Check(st_optim_zero_grad(Handle, setToNone ? 1 : 0));

    /// <summary>
    /// The optimizer's state for parameter <paramref name="index"/> (new tensors; dispose them):
    /// the step count and the slots (Adam: exp_avg, exp_avg_sq, max_exp_avg_sq; SGD: momentum
    /// buffer); a slot is null before the first step or when unused.
    /// </summary>
    public unsafe (long Step, Tensor?[] Slots) GetState(int index)
    {
        long step;
        IntPtr* slots = stackalloc IntPtr[Math.Max(StateSlots, 1)];
        Check(st_optim_get_state(Handle, index, &step, slots, StateSlots));
        var result = new Tensor?[StateSlots];
        for (int i = 0; i < StateSlots; i++) result[i] = slots[i] == IntPtr.Zero ? null : Tensor.FromHandle(slots[i]);
        return (step, result);
    }

    /// <summary>Restores the state of parameter <paramref name="index"/> (copies the tensors).</summary>
    public unsafe void SetState(int index, long step, IReadOnlyList<Tensor?> slots)
    {
        var handles = new IntPtr[slots.Count];
        for (int i = 0; i < handles.Length; i++) handles[i] = slots[i]?.Ptr ?? IntPtr.Zero;
        fixed (IntPtr* p = handles) Check(st_optim_set_state(Handle, index, step, p, handles.Length));
        GC.KeepAlive(slots);
    }

    /// <summary>Releases the native optimizer (the parameters stay with their module).</summary>
    public void Dispose()
    {
        IntPtr h = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (h != IntPtr.Zero) st_optim_free(h);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the native optimizer if <see cref="Dispose"/> was not called.</summary>
    ~Optimizer()
    {
        IntPtr h = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (h != IntPtr.Zero) st_optim_free(h);
    }
}
