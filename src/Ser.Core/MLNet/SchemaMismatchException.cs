namespace Ser.Core.MLNet;

/// <summary>
/// Thrown before any work when a Ser.Core stage meets data it cannot read: an input column is missing or has
/// another type. The message names the stage, the column, the type expected and the one found.
/// </summary>
public sealed class SchemaMismatchException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="stage">The stage that checked the schema.</param>
    /// <param name="column">The input column.</param>
    /// <param name="message">What is wrong.</param>
    public SchemaMismatchException(string stage, string column, string message)
        : base($"{stage}: input column '{column}' {message}")
    {
        Stage = stage;
        Column = column;
    }

    /// <summary>The stage that checked the schema.</summary>
    public string Stage { get; }

    /// <summary>The input column at fault.</summary>
    public string Column { get; }
}
