namespace Ser.Core.Data;

/// <summary>Options shared by the corpus readers.</summary>
public sealed class CorpusReadOptions
{
    /// <summary>Default options: lenient, header check on, recursive.</summary>
    public static CorpusReadOptions Default { get; } = new();

    /// <summary>
    /// Throw <see cref="CorpusFormatException"/> at the first unusable file instead of listing it in
    /// the load report. Default false.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Check that every file opens and starts with a RIFF/WAVE header with a fmt chunk (the first
    /// bytes only; samples are still read lazily). Default true.
    /// </summary>
    public bool CheckHeaders { get; init; } = true;
}
