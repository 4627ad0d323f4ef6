namespace Ser.Torch.NN;

/// <summary>Weights that do not fit a module: every mismatch (name, shape, element type) is listed.</summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception from the list of mismatches.</summary>
    public StateDictMismatchException(IReadOnlyList<string> mismatches)
        : base($"{mismatches.Count} mismatch(es) between the weights and the module:{Environment.NewLine}  " +
               string.Join(Environment.NewLine + "  ", mismatches))
    {
        Mismatches = mismatches;
    }

    /// <summary>One line per mismatch.</summary>
    public IReadOnlyList<string> Mismatches { get; }
}
