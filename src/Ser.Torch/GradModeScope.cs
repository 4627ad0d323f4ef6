using Ser.Torch.Interop;

namespace Ser.Torch;

/// <summary>
/// Turns gradient recording off (or on) for this thread until disposed, then restores the
/// previous mode — <c>torch.no_grad()</c>. Create it with <see cref="Torch.NoGrad"/>.
/// </summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool _previous;

    internal GradModeScope(bool enabled)
    {
        _previous = NativeMethods.Check(NativeMethods.st_set_grad_enabled(enabled ? 1 : 0)) != 0;
    }

    /// <summary>Restores the mode that was in force when the scope was opened.</summary>
    public void Dispose() => NativeMethods.st_set_grad_enabled(_previous ? 1 : 0);
}
