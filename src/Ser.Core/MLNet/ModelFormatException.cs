namespace Ser.Core.MLNet;

/// <summary>
/// Thrown when a model file cannot be loaded: not a Ser.Core model, corrupt (checksum, zip or JSON), from a
/// newer format version, or naming an unknown stage. The message names the file and the reason.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ModelFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
