namespace Ser.Core.Explanations;

/// <summary>What a masked time–frequency region is replaced with (LIME and occlusion).</summary>
public enum MaskFill
{
    /// <summary>The mean of the patch being masked (default: the region then carries no structure but keeps the level).</summary>
    PatchMean,

    /// <summary>Zeros.</summary>
    Zeros,

    /// <summary>Gaussian noise with the patch's mean and standard deviation (deterministic per seed).</summary>
    Noise,
}
