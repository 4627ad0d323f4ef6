namespace Ser.Torch.NN;

/// <summary>How a loss combines per-element values (numbered as at::Reduction).</summary>
public enum Reduction
{
    /// <summary>One value per element.</summary>
    None = 0,
    /// <summary>The (weighted) mean.</summary>
    Mean = 1,
    /// <summary>The sum.</summary>
    Sum = 2,
}
