using Ser.Core.Audio;

namespace Ser.Core.Features;

/// <summary>A vector of named features.</summary>
/// <param name="Names">One name per value.</param>
/// <param name="Values">The values.</param>
public sealed record NamedFeatures(IReadOnlyList<string> Names, float[] Values)
{
    /// <summary>The value called <paramref name="name"/>.</summary>
    public float this[string name]
    {
        get
        {
            for (int i = 0; i < Names.Count; i++) if (Names[i] == name) return Values[i];
            throw new KeyNotFoundException($"no feature named '{name}'");
        }
    }
}

/// <summary>
/// The acoustic and statistical features of SER-FusionNet. Per frame: zero-crossing rate, RMS,
/// spectral centroid and bandwidth (Hz; magnitude-weighted, bandwidth = weighted standard
/// deviation around the centroid), chroma (12 pitch classes C…B: power of each STFT bin above
/// <see cref="AcousticFeatureOptions.ChromaMinFrequency"/> added to its nearest equal-tempered pitch
/// class, A4 = 440 Hz, each frame scaled to a maximum of 1). Per clip (<see cref="ClipFeatures"/>):
/// the mean of each frame feature, the mean of each MFCC, and the waveform's mean, variance,
/// skewness and excess kurtosis.
/// </summary>
public sealed class AcousticFeatureExtractor
{
    private static readonly string[] PitchClasses = { "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B" };
    private readonly Stft _stft;
    private readonly Mfcc _mfcc;
    private readonly int[] _pitchClassOfBin;

    /// <summary>Creates the extractor; the options are validated.</summary>
    public AcousticFeatureExtractor(AcousticFeatureOptions? options = null)
    {
        Options = options ?? new AcousticFeatureOptions();
        Options.Validate();
        _stft = new Stft(new StftOptions
        {
            FftLength = Options.FrameLength, HopLength = Options.HopLength, WindowPlacement = WindowPlacement.Center, Padding = Padding.Zeros,
        });
        _mfcc = new Mfcc(Options.Mfcc);
        int bins = Options.FrameLength / 2 + 1;
        _pitchClassOfBin = new int[bins];
        for (int k = 0; k < bins; k++)
        {
            double hz = (double)k * Options.SampleRate / Options.FrameLength;
            _pitchClassOfBin[k] = hz < Options.ChromaMinFrequency ? -1 : ((int)Math.Round(12 * Math.Log2(hz / 440) + 69) % 12 + 12) % 12;
        }
        FrameFeatureNames = new[] { "zcr", "rms", "spectral_centroid", "spectral_bandwidth" }
            .Concat(PitchClasses.Select(p => "chroma_" + p)).ToArray();
        ClipFeatureNames = FrameFeatureNames.Select(n => n + "_mean")
            .Concat(Enumerable.Range(0, Options.Mfcc.Coefficients).Select(i => $"mfcc{i}_mean"))
            .Concat(new[] { "mean", "variance", "skewness", "kurtosis" }).ToArray();
    }

    /// <summary>The options.</summary>
    public AcousticFeatureOptions Options { get; }

    /// <summary>Names of the columns of <see cref="FrameFeatures"/>.</summary>
    public IReadOnlyList<string> FrameFeatureNames { get; }

    /// <summary>Names of the values of <see cref="ClipFeatures"/>.</summary>
    public IReadOnlyList<string> ClipFeatureNames { get; }

    /// <summary>Frame features (frames × <see cref="FrameFeatureNames"/>) of mono samples at <see cref="AcousticFeatureOptions.SampleRate"/>.</summary>
    public Spectrogram FrameFeatures(ReadOnlySpan<float> x)
    {
        if (x.Length == 0) throw new ArgumentException("the signal is empty", nameof(x));
        Spectrogram power = _stft.Magnitude(x, Options.SampleRate, power: true);
        int frames = power.Frames, width = FrameFeatureNames.Count, n = Options.FrameLength, half = n / 2;
        var output = new float[frames * width];
        var chroma = new double[12];
        for (int f = 0; f < frames; f++)
        {
            Span<float> row = output.AsSpan(f * width, width);
            // Time domain, same centred frame as the STFT (zeros outside the signal).
            int start = f * Options.HopLength - half;
            double energy = 0;
            int crossings = 0;
            float previous = 0;
            for (int i = 0; i < n; i++)
            {
                int t = start + i;
                float v = t >= 0 && t < x.Length ? x[t] : 0;
                energy += (double)v * v;
                if (i > 0 && (v >= 0) != (previous >= 0)) crossings++;
                previous = v;
            }
            row[0] = (float)crossings / n;
            row[1] = (float)Math.Sqrt(energy / n);
            // Spectral shape from the magnitude spectrum.
            double sum = 0, weighted = 0;
            for (int k = 0; k < power.Bins; k++)
            {
                double m = Math.Sqrt(power[f, k]), hz = (double)k * Options.SampleRate / n;
                sum += m;
                weighted += m * hz;
            }
            double centroid = sum > 0 ? weighted / sum : 0, spread = 0;
            Array.Clear(chroma);
            for (int k = 0; k < power.Bins; k++)
            {
                double m = Math.Sqrt(power[f, k]), hz = (double)k * Options.SampleRate / n;
                spread += m * (hz - centroid) * (hz - centroid);
                if (_pitchClassOfBin[k] >= 0) chroma[_pitchClassOfBin[k]] += power[f, k];
            }
            row[2] = (float)centroid;
            row[3] = (float)(sum > 0 ? Math.Sqrt(spread / sum) : 0);
            double max = chroma.Max();
            for (int c = 0; c < 12; c++) row[4 + c] = max > 0 ? (float)(chroma[c] / max) : 0;
        }
        return new Spectrogram(output, frames, width, Options.SampleRate, Options.HopLength);
    }

    /// <summary>The clip-level feature vector (<see cref="ClipFeatureNames"/>), resampling to <see cref="AcousticFeatureOptions.SampleRate"/> when needed.</summary>
    public NamedFeatures ClipFeatures(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        AudioClip mono = clip.ToMono();
        if (mono.SampleRate != Options.SampleRate) mono = mono.Resample(Options.SampleRate);
        ReadOnlySpan<float> x = mono.Samples;
        if (x.Length == 0) throw new AudioFormatException(clip.Source, "the clip is empty");
        foreach (float v in x) if (!float.IsFinite(v)) throw new AudioFormatException(clip.Source, "the clip contains NaN or infinite samples");
        var values = new List<float>(ClipFeatureNames.Count);
        values.AddRange(ColumnMeans(FrameFeatures(x)));
        var mfccInput = Options.Mfcc.LogMel.SampleRate == mono.SampleRate ? mono : mono.Resample(Options.Mfcc.LogMel.SampleRate);
        values.AddRange(ColumnMeans(_mfcc.Compute(mfccInput.Samples, clip.Source)));
        values.AddRange(Moments(x));
        return new NamedFeatures(ClipFeatureNames, values.ToArray());
    }

    private static float[] ColumnMeans(Spectrogram s)
    {
        var mean = new double[s.Bins];
        for (int f = 0; f < s.Frames; f++) for (int b = 0; b < s.Bins; b++) mean[b] += s[f, b];
        return mean.Select(v => (float)(v / Math.Max(1, s.Frames))).ToArray();
    }

    /// <summary>Mean, population variance, skewness and excess kurtosis (0 for a normal distribution; 0 when the variance is 0).</summary>
    public static float[] Moments(ReadOnlySpan<float> x)
    {
        double mean = 0;
        foreach (float v in x) mean += v;
        mean /= x.Length;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (float v in x)
        {
            double d = v - mean, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        m2 /= x.Length;
        m3 /= x.Length;
        m4 /= x.Length;
        double skew = m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0, kurt = m2 > 0 ? m4 / (m2 * m2) - 3 : 0;
        return new[] { (float)mean, (float)m2, (float)skew, (float)kurt };
    }
}
