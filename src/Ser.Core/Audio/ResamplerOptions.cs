namespace Ser.Core.Audio;

/// <summary>Filter design for <see cref="Resampler"/>.</summary>
public sealed class ResamplerOptions
{
    /// <summary>
    /// Stop-band attenuation in dB; also sets the pass-band ripple (Kaiser design). Default: 100 dB,
    /// so that images and aliases stay below −80 dB with margin.
    /// </summary>
    public double StopbandAttenuationDb { get; init; } = 100;

    /// <summary>
    /// End of the pass band as a fraction of the lower Nyquist frequency (the stop band starts at that
    /// Nyquist frequency). Default: 0.9 — for 48 → 16 kHz, flat to 7.2 kHz, stopped from 8 kHz.
    /// </summary>
    public double PassbandFraction { get; init; } = 0.9;

    /// <summary>Largest number of filter phases tabulated; ratios with more are interpolated. Default: 2048.</summary>
    public int MaxPhases { get; init; } = 2048;

    /// <summary>The default design.</summary>
    public static ResamplerOptions Default { get; } = new();

    internal void Validate()
    {
        var errors = new List<string>();
        if (!(StopbandAttenuationDb >= 20 && StopbandAttenuationDb <= 200)) errors.Add($"StopbandAttenuationDb must be in [20, 200] dB, got {StopbandAttenuationDb}");
        if (!(PassbandFraction > 0.1 && PassbandFraction < 0.999)) errors.Add($"PassbandFraction must be in (0.1, 0.999), got {PassbandFraction}");
        if (MaxPhases < 16 || MaxPhases > 65536) errors.Add($"MaxPhases must be in [16, 65536], got {MaxPhases}");
        if (errors.Count > 0) throw new ArgumentException("Invalid ResamplerOptions: " + string.Join("; ", errors));
    }
}
