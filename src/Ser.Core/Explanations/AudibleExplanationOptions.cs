namespace Ser.Core.Explanations;

/// <summary>Which times of the smoothed time profile are kept.</summary>
public enum AttendedTimes
{
    /// <summary>Times whose smoothed profile is above the clip's mean profile (positively activated relative to the clip). Default.</summary>
    AboveMean,

    /// <summary>The <see cref="AudibleExplanationOptions.TopFraction"/> of frames with the highest smoothed profile.</summary>
    TopFraction,
}

/// <summary>Options of <see cref="AudibleExplanation"/> (the paper's §7.4).</summary>
public sealed class AudibleExplanationOptions
{
    /// <summary>Length of the window of ones the time profile is smoothed with, in frames (10 ms each with the VGGish front-end). Default 15.</summary>
    public int SmoothingFrames { get; init; } = 15;

    /// <summary>How attended times are chosen. Default <see cref="AttendedTimes.AboveMean"/>.</summary>
    public AttendedTimes Keep { get; init; } = AttendedTimes.AboveMean;

    /// <summary>Fraction of frames kept with <see cref="AttendedTimes.TopFraction"/>. Default 0.3.</summary>
    public double TopFraction { get; init; } = 0.3;

    /// <summary>Length of the linear fade in and out at every kept segment's edges, in milliseconds. Default 10.</summary>
    public double FadeMilliseconds { get; init; } = 10;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (SmoothingFrames < 1) throw new ArgumentException($"SmoothingFrames {SmoothingFrames} must be ≥ 1");
        if (TopFraction is <= 0 or > 1) throw new ArgumentException($"TopFraction {TopFraction} must be in (0, 1]");
        if (FadeMilliseconds < 0) throw new ArgumentException($"FadeMilliseconds {FadeMilliseconds} must be ≥ 0");
    }
}
