namespace Ser.Core.Features;

/// <summary>Hertz ↔ mel conversion formulas.</summary>
public enum MelScale
{
    /// <summary>HTK / O'Shaughnessy: m = 2595 log10(1 + f/700) (torchaudio default, VGGish, YAMNet).</summary>
    Htk,

    /// <summary>Slaney (Auditory Toolbox): linear below 1 kHz (3 mels per 200 Hz), logarithmic above (librosa default).</summary>
    Slaney,
}

/// <summary>Normalisation of the mel filters.</summary>
public enum MelNorm
{
    /// <summary>Triangles of peak 1 (torchaudio default, VGGish, YAMNet).</summary>
    None,

    /// <summary>Slaney's area normalisation: each triangle scaled by 2 / (upper − lower edge in Hz) (librosa default).</summary>
    Slaney,
}

/// <summary>In which domain the triangular filters are linear.</summary>
public enum MelTriangles
{
    /// <summary>Triangles linear in Hz between mel-spaced edges (torchaudio, librosa).</summary>
    Hertz,

    /// <summary>Triangles linear in mel (VGGish's mel_features, TensorFlow's linear_to_mel_weight_matrix, YAMNet).</summary>
    Mel,
}

/// <summary>Mel-scale conversions.</summary>
public static class Mel
{
    private const double SlaneyStep = 200.0 / 3, SlaneyMinLogHz = 1000, SlaneyMinLogMel = SlaneyMinLogHz / SlaneyStep;
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27;

    /// <summary>Hertz to mel.</summary>
    /// <param name="hz">Frequency in Hz.</param>
    /// <param name="scale">Formula.</param>
    public static double FromHertz(double hz, MelScale scale) => scale == MelScale.Htk
        ? 2595.0 * Math.Log10(1.0 + hz / 700.0)
        : hz < SlaneyMinLogHz ? hz / SlaneyStep : SlaneyMinLogMel + Math.Log(hz / SlaneyMinLogHz) / SlaneyLogStep;

    /// <summary>Mel to hertz.</summary>
    /// <param name="mel">Mel value.</param>
    /// <param name="scale">Formula.</param>
    public static double ToHertz(double mel, MelScale scale) => scale == MelScale.Htk
        ? 700.0 * (Math.Pow(10, mel / 2595.0) - 1.0)
        : mel < SlaneyMinLogMel ? mel * SlaneyStep : SlaneyMinLogHz * Math.Exp(SlaneyLogStep * (mel - SlaneyMinLogMel));
}
