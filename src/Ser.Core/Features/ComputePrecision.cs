namespace Ser.Core.Features;

/// <summary>Arithmetic precision of the STFT and mel stages (inputs and outputs stay float32).</summary>
public enum ComputePrecision
{
    /// <summary>
    /// float64 windowing, FFT and mel sums (4 frames per AVX2 vector). Matches float64 references to ~1e-6 even in
    /// bands 120 dB below the frame's peak. The default.
    /// </summary>
    Double,

    /// <summary>
    /// float32 throughout (8 frames per AVX2 vector), about 1.5–2× faster. Round-off is ~1e-7 of the frame's
    /// energy, so bands more than ~100 dB below the peak lose accuracy (harmless for speech features).
    /// </summary>
    Single,
}
