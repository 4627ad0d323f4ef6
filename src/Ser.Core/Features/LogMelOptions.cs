namespace Ser.Core.Features;

/// <summary>Which spectrum the mel bank is applied to.</summary>
public enum SpectrumKind
{
    /// <summary>|X| (VGGish, YAMNet).</summary>
    Magnitude,

    /// <summary>|X|² (torchaudio and librosa defaults).</summary>
    Power,
}

/// <summary>The compression applied after the mel bank.</summary>
public enum LogKind
{
    /// <summary>ln(x + <see cref="LogMelOptions.LogOffset"/>).</summary>
    NaturalWithOffset,

    /// <summary>
    /// Decibels: 10·log10(max(x, amin)) for power, 20·log10 for magnitude, then optionally floored at
    /// max − <see cref="LogMelOptions.TopDb"/> over the whole clip (torchaudio.AmplitudeToDB, librosa.power_to_db with ref = 1).
    /// </summary>
    Decibels,

    /// <summary>No compression: the linear mel spectrogram.</summary>
    None,
}

/// <summary>
/// Every setting of <see cref="LogMel"/>, with named presets that reproduce their sources.
/// Units: Hz for rates and frequencies, samples for lengths.
/// </summary>
public sealed record LogMelOptions
{
    /// <summary>Expected input sample rate in Hz. Default: 16,000.</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>FFT length in samples (any length). Default: 512.</summary>
    public int FftLength { get; init; } = 512;

    /// <summary>Window length in samples (≤ FFT length). Default: 400 (25 ms at 16 kHz).</summary>
    public int WindowLength { get; init; } = 400;

    /// <summary>Hop length in samples. Default: 160 (10 ms at 16 kHz).</summary>
    public int HopLength { get; init; } = 160;

    /// <summary>Window shape. Default: Hann.</summary>
    public WindowKind Window { get; init; } = WindowKind.Hann;

    /// <summary>Window symmetry. Default: periodic.</summary>
    public WindowSymmetry WindowSymmetry { get; init; } = WindowSymmetry.Periodic;

    /// <summary>Window position inside a longer FFT frame. Default: left (TensorFlow / VGGish).</summary>
    public WindowPlacement WindowPlacement { get; init; } = WindowPlacement.Left;

    /// <summary>Framing at the ends. Default: none (no centring).</summary>
    public Padding Padding { get; init; } = Padding.None;

    /// <summary>Number of mel bands. Default: 64.</summary>
    public int MelBands { get; init; } = 64;

    /// <summary>Lowest mel edge in Hz. Default: 125.</summary>
    public double MinFrequency { get; init; } = 125;

    /// <summary>Highest mel edge in Hz; null = Nyquist. Default: 7,500.</summary>
    public double? MaxFrequency { get; init; } = 7500;

    /// <summary>Hz ↔ mel formula. Default: HTK.</summary>
    public MelScale MelScale { get; init; } = MelScale.Htk;

    /// <summary>Mel filter normalisation. Default: none.</summary>
    public MelNorm MelNorm { get; init; } = MelNorm.None;

    /// <summary>Domain in which the mel triangles are linear. Default: mel (VGGish).</summary>
    public MelTriangles MelTriangles { get; init; } = MelTriangles.Mel;

    /// <summary>Zero the DC bin's weight in every band. Default: true (VGGish).</summary>
    public bool ZeroDcBin { get; init; } = true;

    /// <summary>Magnitude or power spectrum. Default: magnitude.</summary>
    public SpectrumKind Spectrum { get; init; } = SpectrumKind.Magnitude;

    /// <summary>Compression after the mel bank. Default: ln(x + offset).</summary>
    public LogKind Log { get; init; } = LogKind.NaturalWithOffset;

    /// <summary>Offset added before ln (for <see cref="LogKind.NaturalWithOffset"/>). Default: 0.01 (VGGish).</summary>
    public double LogOffset { get; init; } = 0.01;

    /// <summary>Floor before log10 (for <see cref="LogKind.Decibels"/>). Default: 1e-10.</summary>
    public double DecibelAmin { get; init; } = 1e-10;

    /// <summary>Dynamic range kept below the clip's maximum in dB (for <see cref="LogKind.Decibels"/>); null = unlimited. Default: null.</summary>
    public double? TopDb { get; init; }

    /// <summary>
    /// Arithmetic precision of the STFT and mel stages. Default: single (float32: twice the SIMD lanes; parity with the
    /// references within 1e-3 holds, see the parity tests); double for bit-level comparisons with float64 references.
    /// </summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Single;

    /// <summary>
    /// What to do with input at another rate: true resamples it to <see cref="SampleRate"/> (band-limited),
    /// false rejects it with an exception. Default: true.
    /// </summary>
    public bool ResampleInput { get; init; } = true;

    /// <summary>
    /// The founding paper's front-end: 48 kHz, 1200-sample (25 ms) periodic Hann window, hop 480 (10 ms),
    /// FFT 1200 (not a power of two), 64 HTK mel bands over 0–24 kHz without normalisation, power spectrum,
    /// centred frames with reflect padding (torchaudio's MelSpectrogram defaults for the rest), ln(x + 1e-6).
    /// Reference: torchaudio 0.13 <c>MelSpectrogram(48000, n_fft=1200, hop_length=480, n_mels=64)</c> then <c>log(x + 1e-6)</c>.
    /// </summary>
    public static LogMelOptions Paper => new()
    {
        SampleRate = 48_000, FftLength = 1200, WindowLength = 1200, HopLength = 480,
        WindowPlacement = WindowPlacement.Center, Padding = Padding.Reflect,
        MelBands = 64, MinFrequency = 0, MaxFrequency = null,
        MelScale = MelScale.Htk, MelNorm = MelNorm.None, MelTriangles = MelTriangles.Hertz, ZeroDcBin = false,
        Spectrum = SpectrumKind.Power, Log = LogKind.NaturalWithOffset, LogOffset = 1e-6,
    };

    /// <summary>
    /// VGGish's front-end (tensorflow/models research/audioset/vggish, mel_features.py): 16 kHz, 400-sample
    /// (25 ms) periodic Hann window at the start of a 512-point FFT frame, hop 160 (10 ms), no centring or
    /// padding (frames = 1 + ⌊(n − 400)/160⌋), magnitude spectrum, 64 HTK mel bands 125–7500 Hz with
    /// triangles linear in mel, DC bin zeroed, no normalisation, ln(x + 0.01).
    /// </summary>
    public static LogMelOptions VGGish => new();

    /// <summary>
    /// YAMNet's front-end (tensorflow/models research/audioset/yamnet, features.py): identical to
    /// <see cref="VGGish"/> except ln(x + 0.001).
    /// </summary>
    public static LogMelOptions YAMNet => new() { LogOffset = 0.001 };

    /// <summary>
    /// torchaudio 0.13 defaults: <c>MelSpectrogram()</c> (16 kHz, n_fft 400, window 400, hop 200, 128 HTK
    /// mels 0–8 kHz, no norm, power, centred, reflect) followed by <c>AmplitudeToDB()</c>
    /// (10·log10(max(x, 1e-10)), no top_db). Computed in float64: its dB scale reaches 100 dB below the loudest band,
    /// where float32 cannot hold 1e-3 dB (torchaudio's own float32 path misses its float64 result by up to 1 dB there).
    /// </summary>
    public static LogMelOptions TorchAudio => new()
    {
        SampleRate = 16_000, FftLength = 400, WindowLength = 400, HopLength = 200,
        WindowPlacement = WindowPlacement.Center, Padding = Padding.Reflect,
        MelBands = 128, MinFrequency = 0, MaxFrequency = null,
        MelScale = MelScale.Htk, MelNorm = MelNorm.None, MelTriangles = MelTriangles.Hertz, ZeroDcBin = false,
        Spectrum = SpectrumKind.Power, Log = LogKind.Decibels, DecibelAmin = 1e-10, TopDb = null, Precision = ComputePrecision.Double,
    };

    /// <summary>
    /// librosa 0.10 defaults: <c>melspectrogram(sr=22050)</c> (n_fft 2048, window 2048, hop 512, 128 Slaney
    /// mels 0–11,025 Hz with Slaney area norm, power, centred with zero padding) followed by
    /// <c>power_to_db</c> (ref 1, amin 1e-10, top_db 80). Computed in float64, as <see cref="TorchAudio"/> (a dB scale).
    /// </summary>
    public static LogMelOptions Librosa => new()
    {
        SampleRate = 22_050, FftLength = 2048, WindowLength = 2048, HopLength = 512,
        WindowPlacement = WindowPlacement.Center, Padding = Padding.Zeros,
        MelBands = 128, MinFrequency = 0, MaxFrequency = null,
        MelScale = MelScale.Slaney, MelNorm = MelNorm.Slaney, MelTriangles = MelTriangles.Hertz, ZeroDcBin = false,
        Spectrum = SpectrumKind.Power, Log = LogKind.Decibels, DecibelAmin = 1e-10, TopDb = 80, Precision = ComputePrecision.Double,
    };

    /// <summary>The STFT part of these options.</summary>
    public StftOptions ToStftOptions() => new()
    {
        FftLength = FftLength, WindowLength = WindowLength, HopLength = HopLength, Window = Window,
        WindowSymmetry = WindowSymmetry, WindowPlacement = WindowPlacement, Padding = Padding, Precision = Precision,
    };

    /// <summary>The mel-bank part of these options.</summary>
    public MelFilterBankOptions ToMelOptions() => new()
    {
        SampleRate = SampleRate, FftLength = FftLength, MelBands = MelBands, MinFrequency = MinFrequency,
        MaxFrequency = MaxFrequency, Scale = MelScale, Norm = MelNorm, Triangles = MelTriangles, ZeroDcBin = ZeroDcBin,
    };

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        ToStftOptions().CollectErrors(errors);
        ToMelOptions().CollectErrors(errors);
        if (Log == LogKind.NaturalWithOffset && !(LogOffset > 0)) errors.Add($"LogOffset must be positive, got {LogOffset}");
        if (Log == LogKind.Decibels && !(DecibelAmin > 0)) errors.Add($"DecibelAmin must be positive, got {DecibelAmin}");
        if (TopDb is { } t && !(t > 0)) errors.Add($"TopDb must be positive (dB), got {t}");
        if (errors.Count > 0) throw new ArgumentException("Invalid LogMelOptions: " + string.Join("; ", errors));
    }

    /// <summary>A stable text form of every setting (used for hashing and model files).</summary>
    public override string ToString() =>
        $"sr={SampleRate};fft={FftLength};win={WindowLength};hop={HopLength};window={Window}/{WindowSymmetry}/{WindowPlacement};pad={Padding};" +
        $"mels={MelBands};fmin={MinFrequency:R};fmax={MaxFrequency?.ToString("R") ?? "nyquist"};scale={MelScale};norm={MelNorm};tri={MelTriangles};zerodc={ZeroDcBin};" +
        $"spec={Spectrum};log={Log};offset={LogOffset:R};amin={DecibelAmin:R};topdb={TopDb?.ToString("R") ?? "none"};precision={Precision};resample={ResampleInput}";
}
