namespace Ser.Torch;

/// <summary>
/// A failure inside libtorch or the native shim. The message is libtorch's own (for example a
/// shape mismatch names both shapes); the process keeps running.
/// </summary>
public sealed class TorchException : Exception
{
    /// <summary>Creates the exception with libtorch's message.</summary>
    public TorchException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public TorchException(string message, Exception inner) : base(message, inner) { }
}
