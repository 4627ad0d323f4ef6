namespace Ser.Core.Explanations;

/// <summary>Options of <see cref="Lime"/>.</summary>
public sealed class LimeOptions
{
    /// <summary>Perturbed samples. Default 1000.</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>Superpixel height in log-mel frames (the grid over the whole clip). Default 24 (0.24 s with the VGGish front-end).</summary>
    public int RegionFrames { get; init; } = 24;

    /// <summary>Superpixel width in mel bands. Default 16 (4 bands of regions over 64 mel bands).</summary>
    public int RegionBands { get; init; } = 16;

    /// <summary>Probability that a region is kept in a sample. Default 0.5.</summary>
    public double KeepProbability { get; init; } = 0.5;

    /// <summary>What a dropped region is filled with. Default <see cref="MaskFill.PatchMean"/>.</summary>
    public MaskFill Fill { get; init; } = MaskFill.PatchMean;

    /// <summary>Width of the exponential kernel on the cosine distance to the unperturbed clip. Default 0.25 (LIME's image default).</summary>
    public double KernelWidth { get; init; } = 0.25;

    /// <summary>Ridge penalty λ of the weighted linear model. Default 1 (LIME's default).</summary>
    public double Ridge { get; init; } = 1.0;

    /// <summary>Regions reported in <see cref="LimeExplanation.TopRegions"/>. Default 5.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Seed: the same seed gives the same samples and the same explanation.</summary>
    public int Seed { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Samples < 2) throw new ArgumentException($"Samples {Samples} must be ≥ 2");
        if (RegionFrames < 1 || RegionBands is < 1 or > 64) throw new ArgumentException("region sizes must be ≥ 1 (bands ≤ 64)");
        if (KeepProbability is <= 0 or >= 1) throw new ArgumentException($"KeepProbability {KeepProbability} must be in (0, 1)");
        if (KernelWidth <= 0 || Ridge < 0 || TopK < 1) throw new ArgumentException("KernelWidth must be > 0, Ridge ≥ 0, TopK ≥ 1");
    }
}
