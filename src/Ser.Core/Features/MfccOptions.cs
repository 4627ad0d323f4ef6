namespace Ser.Core.Features;

/// <summary>
/// Options of <see cref="Mfcc"/>. The default equals torchaudio 0.13's
/// <c>transforms.MFCC(sample_rate=16000, n_mfcc=40)</c>: its default mel spectrogram (n_fft 400,
/// hop 200, 128 HTK mels 0–8 kHz, power, centred with reflect padding), <c>AmplitudeToDB</c>
/// (10·log10(max(x, 1e-10)), top_db 80 over the clip), then DCT-II with orthonormal scaling.
/// </summary>
public sealed class MfccOptions
{
    /// <summary>The log-mel front-end (default: <see cref="LogMelOptions.TorchAudio"/> with TopDb 80).</summary>
    public LogMelOptions LogMel { get; init; } = TorchAudioMfccLogMel();

    /// <summary>Number of coefficients kept (c0 first). Default 40.</summary>
    public int Coefficients { get; init; } = 40;

    private static LogMelOptions TorchAudioMfccLogMel()
    {
        var t = LogMelOptions.TorchAudio;
        return new LogMelOptions
        {
            SampleRate = t.SampleRate, FftLength = t.FftLength, WindowLength = t.WindowLength, HopLength = t.HopLength,
            WindowPlacement = t.WindowPlacement, Padding = t.Padding, MelBands = t.MelBands, MinFrequency = t.MinFrequency,
            MaxFrequency = t.MaxFrequency, MelScale = t.MelScale, MelNorm = t.MelNorm, MelTriangles = t.MelTriangles,
            ZeroDcBin = t.ZeroDcBin, Spectrum = t.Spectrum, Log = t.Log, DecibelAmin = t.DecibelAmin, TopDb = 80,
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        LogMel.Validate();
        if (Coefficients < 1 || Coefficients > LogMel.MelBands)
        {
            throw new ArgumentException($"invalid MfccOptions: Coefficients {Coefficients} must be in 1..{LogMel.MelBands} (the mel bands)");
        }
    }
}
