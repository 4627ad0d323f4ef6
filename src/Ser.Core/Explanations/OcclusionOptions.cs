namespace Ser.Core.Explanations;

/// <summary>The score occlusion measures the drop of.</summary>
public enum OcclusionScore
{
    /// <summary>The target class's probability.</summary>
    Probability,

    /// <summary>The target class's log-odds, ln(p / (1 − p)), from the logits: it keeps moving where a confident model's probability rounds to 1.</summary>
    LogOdds,
}

/// <summary>Options of <see cref="Occlusion"/>.</summary>
public sealed class OcclusionOptions
{
    /// <summary>Window height in frames (10 ms each with the VGGish front-end). Default 16.</summary>
    public int WindowFrames { get; init; } = 16;

    /// <summary>Window width in mel bands. Default 16.</summary>
    public int WindowBands { get; init; } = 16;

    /// <summary>Step between windows in frames. Default 8.</summary>
    public int StrideFrames { get; init; } = 8;

    /// <summary>Step between windows in bands. Default 8.</summary>
    public int StrideBands { get; init; } = 8;

    /// <summary>What the window is filled with. Default <see cref="MaskFill.PatchMean"/>.</summary>
    public MaskFill Fill { get; init; } = MaskFill.PatchMean;

    /// <summary>
    /// The score whose drop is mapped. Default <see cref="OcclusionScore.Probability"/> (the classic map); use
    /// <see cref="OcclusionScore.LogOdds"/> for confident models, whose probability hardly moves when a window is masked.
    /// </summary>
    public OcclusionScore Score { get; init; } = OcclusionScore.Probability;

    /// <summary>Seed of the noise fill.</summary>
    public int Seed { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A size is out of range.</exception>
    public void Validate()
    {
        if (WindowFrames is < 1 or > 96) throw new ArgumentException($"WindowFrames {WindowFrames} must be in [1, 96]");
        if (WindowBands is < 1 or > 64) throw new ArgumentException($"WindowBands {WindowBands} must be in [1, 64]");
        if (StrideFrames < 1 || StrideBands < 1) throw new ArgumentException("strides must be ≥ 1");
    }
}
