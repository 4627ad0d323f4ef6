namespace Ser.Core.Torch;

/// <summary>libtorch could not be loaded through TorchSharp: which part is missing and what to reference or do.</summary>
public sealed class TorchRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchRuntimeException(string message, Exception? inner = null) : base(message, inner) { }
}
