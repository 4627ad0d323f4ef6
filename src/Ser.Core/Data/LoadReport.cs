namespace Ser.Core.Data;

/// <summary>A file a corpus reader skipped, and why.</summary>
/// <param name="File">The file (or manifest line).</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record LoadProblem(string File, string Reason);

/// <summary>Thrown by a reader in strict mode at the first file it cannot use.</summary>
public sealed class CorpusFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CorpusFormatException(string file, string reason, Exception? inner = null) : base($"{file}: {reason}", inner)
    {
        File = file;
        Reason = reason;
    }

    /// <summary>The file (or manifest line).</summary>
    public string File { get; }

    /// <summary>Why it cannot be used.</summary>
    public string Reason { get; }
}
