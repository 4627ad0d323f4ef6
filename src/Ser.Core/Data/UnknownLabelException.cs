namespace Ser.Core.Data;

/// <summary>A label that is not in the label set (or not an emotion at all).</summary>
public sealed class UnknownLabelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownLabelException(string? label, IReadOnlyList<string> known)
        : base($"unknown label '{label}'; known labels: {string.Join(", ", known)}")
    {
        Label = label;
        Known = known;
    }

    /// <summary>The label that was not recognised.</summary>
    public string? Label { get; }

    /// <summary>The labels that are recognised.</summary>
    public IReadOnlyList<string> Known { get; }
}
