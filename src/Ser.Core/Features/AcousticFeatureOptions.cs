namespace Ser.Core.Features;

/// <summary>
/// Framing of <see cref="AcousticFeatureExtractor"/>: frames of <see cref="FrameLength"/> samples
/// every <see cref="HopLength"/>, centred (the signal is zero-padded by half a frame at both ends,
/// as librosa's defaults), periodic Hann window for the spectral features.
/// </summary>
public sealed class AcousticFeatureOptions
{
    /// <summary>Sample rate the clips are resampled to, Hz. Default 16,000.</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>Frame (and FFT) length, samples. Default 512 (32 ms at 16 kHz).</summary>
    public int FrameLength { get; init; } = 512;

    /// <summary>Hop between frames, samples. Default 160 (10 ms at 16 kHz).</summary>
    public int HopLength { get; init; } = 160;

    /// <summary>Lowest frequency used by chroma, Hz (bins below carry no pitch class). Default 65 Hz (C2).</summary>
    public double ChromaMinFrequency { get; init; } = 65;

    /// <summary>MFCC settings (default: torchaudio's MFCC, 40 coefficients).</summary>
    public MfccOptions Mfcc { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (SampleRate < 1000) errors.Add($"SampleRate {SampleRate} < 1000");
        if (FrameLength < 16 || FrameLength % 2 != 0) errors.Add($"FrameLength {FrameLength} must be even and ≥ 16");
        if (HopLength < 1) errors.Add($"HopLength {HopLength} < 1");
        if (!(ChromaMinFrequency > 0)) errors.Add($"ChromaMinFrequency {ChromaMinFrequency} must be > 0");
        if (errors.Count > 0) throw new ArgumentException("invalid AcousticFeatureOptions: " + string.Join("; ", errors));
        Mfcc.Validate();
    }
}
