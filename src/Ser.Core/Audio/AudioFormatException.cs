namespace Ser.Core.Audio;

/// <summary>
/// Thrown when audio data cannot be decoded: a truncated or inconsistent header, an unsupported codec,
/// empty data, or samples that are not finite. The message always names the source and the reason.
/// </summary>
public sealed class AudioFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/> with the given <paramref name="reason"/>.</summary>
    /// <param name="source">File path or stream name the data came from ("&lt;stream&gt;" when unknown).</param>
    /// <param name="reason">What is wrong, in words a user can act on.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public AudioFormatException(string source, string reason, Exception? inner = null)
        : base($"{source}: {reason}", inner)
    {
        Source = source;
        Reason = reason;
    }

    /// <summary>The file path or stream name that could not be decoded.</summary>
    public new string Source { get; }

    /// <summary>Why the data could not be decoded, without the source prefix.</summary>
    public string Reason { get; }
}
