namespace Ser.Core.Features;

/// <summary>Settings of a triangular mel filter bank over the bins of a real FFT.</summary>
public sealed class MelFilterBankOptions
{
    /// <summary>Sample rate in Hz. Default: 16,000.</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>FFT length in samples (the bank covers FftLength/2 + 1 bins). Default: 400.</summary>
    public int FftLength { get; init; } = 400;

    /// <summary>Number of mel bands. Default: 64.</summary>
    public int MelBands { get; init; } = 64;

    /// <summary>Lower edge of the first band in Hz. Default: 0.</summary>
    public double MinFrequency { get; init; }

    /// <summary>Upper edge of the last band in Hz; null means the Nyquist frequency. Default: null.</summary>
    public double? MaxFrequency { get; init; }

    /// <summary>Hz ↔ mel formula. Default: HTK.</summary>
    public MelScale Scale { get; init; } = MelScale.Htk;

    /// <summary>Filter normalisation. Default: none (peak 1).</summary>
    public MelNorm Norm { get; init; } = MelNorm.None;

    /// <summary>Domain in which the triangles are linear. Default: Hz (torchaudio).</summary>
    public MelTriangles Triangles { get; init; } = MelTriangles.Hertz;

    /// <summary>Give the DC bin zero weight in every band, as VGGish and YAMNet do. Default: false.</summary>
    public bool ZeroDcBin { get; init; }

    internal double EffectiveMaxFrequency => MaxFrequency ?? SampleRate / 2.0;

    internal void CollectErrors(List<string> errors)
    {
        if (SampleRate <= 0) errors.Add($"SampleRate must be positive (Hz), got {SampleRate}");
        if (FftLength < 2) errors.Add($"FftLength must be at least 2 samples, got {FftLength}");
        if (MelBands < 1 || MelBands > 1024) errors.Add($"MelBands must be in [1, 1024], got {MelBands}");
        if (!(MinFrequency >= 0)) errors.Add($"MinFrequency must be ≥ 0 Hz, got {MinFrequency}");
        if (!(EffectiveMaxFrequency > MinFrequency)) errors.Add($"MaxFrequency ({EffectiveMaxFrequency} Hz) must exceed MinFrequency ({MinFrequency} Hz)");
        if (SampleRate > 0 && EffectiveMaxFrequency > SampleRate / 2.0 + 1e-9) errors.Add($"MaxFrequency ({EffectiveMaxFrequency} Hz) must not exceed the Nyquist frequency ({SampleRate / 2.0} Hz)");
    }
}
