namespace Ser.Core.Features;

/// <summary>Short-time Fourier transform settings. Lengths are in samples.</summary>
public sealed class StftOptions
{
    /// <summary>FFT length in samples; any length ≥ 2 (not only powers of two). Default: 400.</summary>
    public int FftLength { get; init; } = 400;

    /// <summary>Window length in samples, ≤ <see cref="FftLength"/>; null means equal to it. Default: null.</summary>
    public int? WindowLength { get; init; }

    /// <summary>Hop between frames in samples. Default: 160.</summary>
    public int HopLength { get; init; } = 160;

    /// <summary>Window shape. Default: Hann.</summary>
    public WindowKind Window { get; init; } = WindowKind.Hann;

    /// <summary>Periodic (default, for analysis) or symmetric window.</summary>
    public WindowSymmetry WindowSymmetry { get; init; } = WindowSymmetry.Periodic;

    /// <summary>Where a window shorter than the FFT sits in the frame. Default: centred (torch).</summary>
    public WindowPlacement WindowPlacement { get; init; } = WindowPlacement.Center;

    /// <summary>Framing at the ends of the signal. Default: reflect (centred frames, torch's default).</summary>
    public Padding Padding { get; init; } = Padding.Reflect;

    /// <summary>Arithmetic precision of windowing and FFT. Default: double.</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Double;

    /// <summary>The effective window length.</summary>
    public int EffectiveWindowLength => WindowLength ?? FftLength;

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        CollectErrors(errors);
        if (errors.Count > 0) throw new ArgumentException("Invalid StftOptions: " + string.Join("; ", errors));
    }

    internal void CollectErrors(List<string> errors)
    {
        if (FftLength < 2 || FftLength > (1 << 20)) errors.Add($"FftLength must be in [2, 1048576] samples, got {FftLength}");
        if (WindowLength is { } w && (w < 1 || w > FftLength)) errors.Add($"WindowLength must be in [1, FftLength={FftLength}] samples, got {w}");
        if (HopLength < 1) errors.Add($"HopLength must be at least 1 sample, got {HopLength}");
    }

    /// <summary>Number of frames for a signal of <paramref name="length"/> samples (0 if it is shorter than one frame).</summary>
    /// <param name="length">Signal length in samples.</param>
    public int FrameCount(long length)
    {
        long padded = Padding == Padding.None ? length : length + 2 * (FftLength / 2);
        long extent = Padding == Padding.None && WindowPlacement == WindowPlacement.Left ? EffectiveWindowLength : FftLength;
        if (padded < extent) return 0;
        return (int)Math.Min(int.MaxValue, 1 + (padded - extent) / HopLength);
    }

    /// <summary>Offset of the window inside the FFT frame, in samples.</summary>
    public int WindowOffset => WindowPlacement == WindowPlacement.Center ? (FftLength - EffectiveWindowLength) / 2 : 0;

    /// <summary>Signal index of the first sample of frame 0's FFT frame (negative when padded).</summary>
    public int FirstFrameStart => Padding == Padding.None ? 0 : -(FftLength / 2);
}
