namespace Ser.Core.Selection;

/// <summary>How each patch becomes the vector whose correlations are compared.</summary>
public enum GaussianReading
{
    /// <summary>
    /// The default: G_ij is the normal density N(μ_ij, σ_ij) evaluated on one grid of
    /// <see cref="GaussianSelectionOptions.GridPoints"/> points spanning the clip's value range (its
    /// minimum to maximum over all patches), so two patches correlate when their value
    /// distributions (level and spread) are alike.
    /// </summary>
    DensityOnClipGrid,

    /// <summary>
    /// The alternative reading: G_ij is the density N(μ_ij, σ_ij) evaluated at the patch's own
    /// values, element by element, so correlation also depends on where in the patch values lie.
    /// </summary>
    DensityAtPatchValues,
}

/// <summary>How the summed correlations C_i of a clip become scores.</summary>
public enum ScoreNormalisation
{
    /// <summary>(C − min) / (max − min): the clip's least typical patch scores 0, the most typical 1 (default).</summary>
    MinMax,

    /// <summary>(C − mean) / std: scores in standard deviations (thresholds around 0).</summary>
    ZScore,
}

/// <summary>What to do with clips that have too few patches to compare.</summary>
public enum ShortClipPolicy
{
    /// <summary>Keep every patch of a clip with fewer than <see cref="GaussianSelectionOptions.MinPatches"/> patches (default).</summary>
    KeepAll,

    /// <summary>Drop every patch of such clips.</summary>
    DropAll,
}

/// <summary>Options of <see cref="GaussianDataSelector"/> (the founding paper's Algorithm 1).</summary>
public sealed class GaussianSelectionOptions
{
    /// <summary>
    /// Keep a patch when its normalised score is strictly greater than this. Default 0.1
    /// (see README "Gaussian data selection" for the threshold table on RAVDESS).
    /// </summary>
    public double Threshold { get; init; } = 0.1;

    /// <summary>How patches become vectors. Default <see cref="GaussianReading.DensityOnClipGrid"/>.</summary>
    public GaussianReading Reading { get; init; } = GaussianReading.DensityOnClipGrid;

    /// <summary>Score normalisation. Default <see cref="ScoreNormalisation.MinMax"/>.</summary>
    public ScoreNormalisation Normalisation { get; init; } = ScoreNormalisation.MinMax;

    /// <summary>Grid size of <see cref="GaussianReading.DensityOnClipGrid"/>. Default 256 points.</summary>
    public int GridPoints { get; init; } = 256;

    /// <summary>Clips with fewer patches than this are handled by <see cref="ShortClips"/>. Default 3 (1–2 patches cannot be ranked).</summary>
    public int MinPatches { get; init; } = 3;

    /// <summary>Handling of clips with fewer than <see cref="MinPatches"/> patches. Default <see cref="ShortClipPolicy.KeepAll"/>.</summary>
    public ShortClipPolicy ShortClips { get; init; } = ShortClipPolicy.KeepAll;

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (double.IsNaN(Threshold)) errors.Add("Threshold is NaN");
        if (GridPoints < 8) errors.Add($"GridPoints {GridPoints} < 8");
        if (MinPatches < 1) errors.Add($"MinPatches {MinPatches} < 1");
        if (!Enum.IsDefined(Reading)) errors.Add($"Reading {Reading} is unknown");
        if (!Enum.IsDefined(Normalisation)) errors.Add($"Normalisation {Normalisation} is unknown");
        if (!Enum.IsDefined(ShortClips)) errors.Add($"ShortClips {ShortClips} is unknown");
        if (errors.Count > 0) throw new ArgumentException("invalid GaussianSelectionOptions: " + string.Join("; ", errors));
    }
}
