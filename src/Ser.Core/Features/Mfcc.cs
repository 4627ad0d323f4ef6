using Ser.Core.Audio;

namespace Ser.Core.Features;

/// <summary>Mel-frequency cepstral coefficients: DCT-II (orthonormal) of each log-mel frame.</summary>
public sealed class Mfcc
{
    private readonly LogMel _logMel;
    private readonly float[] _dct;   // Coefficients × MelBands, row-major

    /// <summary>Creates the transform; the options are validated.</summary>
    public Mfcc(MfccOptions? options = null)
    {
        Options = options ?? new MfccOptions();
        Options.Validate();
        _logMel = new LogMel(Options.LogMel);
        _dct = DctMatrix(Options.Coefficients, Options.LogMel.MelBands);
    }

    /// <summary>The options.</summary>
    public MfccOptions Options { get; }

    /// <summary>The orthonormal DCT-II matrix (n_mfcc × n_mels), as torchaudio.functional.create_dct(norm="ortho") transposed.</summary>
    public static float[] DctMatrix(int coefficients, int bands)
    {
        var m = new float[coefficients * bands];
        for (int k = 0; k < coefficients; k++)
        {
            double scale = k == 0 ? Math.Sqrt(1.0 / bands) : Math.Sqrt(2.0 / bands);
            for (int n = 0; n < bands; n++) m[k * bands + n] = (float)(scale * Math.Cos(Math.PI / bands * (n + 0.5) * k));
        }
        return m;
    }

    /// <summary>MFCCs of a clip: frames × coefficients (resampled to the front-end's rate when needed).</summary>
    public Spectrogram Compute(AudioClip clip) => FromLogMel(_logMel.Compute(clip));

    /// <summary>MFCCs of mono samples at the front-end's sample rate.</summary>
    public Spectrogram Compute(ReadOnlySpan<float> signal, string source = "<memory>") => FromLogMel(_logMel.Compute(signal, source));

    /// <summary>MFCCs from a log-mel spectrogram computed with <see cref="MfccOptions.LogMel"/>.</summary>
    public Spectrogram FromLogMel(Spectrogram logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        int bands = Options.LogMel.MelBands, k = Options.Coefficients;
        if (logMel.Bins != bands) throw new ArgumentException($"the log-mel has {logMel.Bins} bands, the DCT expects {bands}", nameof(logMel));
        var output = new float[logMel.Frames * k];
        ReadOnlySpan<float> data = logMel.Data;
        for (int f = 0; f < logMel.Frames; f++)
        {
            ReadOnlySpan<float> frame = data.Slice(f * bands, bands);
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<float> basis = _dct.AsSpan(c * bands, bands);
                double acc = 0;                                   // double accumulation: parity with float64 references
                for (int n = 0; n < bands; n++) acc += (double)frame[n] * basis[n];
                output[f * k + c] = (float)acc;
            }
        }
        return new Spectrogram(output, logMel.Frames, k, logMel.SampleRate, logMel.HopLength);
    }
}
