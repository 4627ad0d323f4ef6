namespace Ser.Core.Torch;

/// <summary>Weights that do not fit a network: every missing, unexpected, mis-shaped or mis-typed tensor, one per line.</summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception from the list of mismatches.</summary>
    public StateDictMismatchException(IReadOnlyList<string> mismatches)
        : base($"{mismatches.Count} mismatch(es) between the weights and the network:{Environment.NewLine}  " +
               string.Join(Environment.NewLine + "  ", mismatches))
    {
        Mismatches = mismatches;
    }

    /// <summary>One line per mismatch.</summary>
    public IReadOnlyList<string> Mismatches { get; }
}
