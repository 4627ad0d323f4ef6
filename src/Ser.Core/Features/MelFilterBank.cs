namespace Ser.Core.Features;

/// <summary>
/// A triangular mel filter bank, stored sparsely: each band keeps only its non-zero weights (a band covers
/// a few bins), so applying it costs ~2 multiply-adds per FFT bin instead of a dense bins × bands product.
/// </summary>
public sealed class MelFilterBank
{
    private readonly int[] _start;     // first bin of band m
    private readonly int[] _offset;    // index into _weights of band m's first weight
    private readonly int[] _length;    // number of bins in band m
    private readonly float[] _weights;

    /// <summary>Designs the bank.</summary>
    /// <param name="options">Bank settings.</param>
    public MelFilterBank(MelFilterBankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.CollectErrors(errors);
        if (errors.Count > 0) throw new ArgumentException("Invalid MelFilterBankOptions: " + string.Join("; ", errors));
        Options = options;
        Bins = options.FftLength / 2 + 1;
        Bands = options.MelBands;
        var dense = Dense(options, Bins);
        _start = new int[Bands];
        _offset = new int[Bands];
        _length = new int[Bands];
        var w = new List<float>();
        for (int m = 0; m < Bands; m++)
        {
            int lo = 0, hi = -1;
            for (int k = 0; k < Bins; k++)
                if (dense[k, m] != 0) { if (hi < 0) lo = k; hi = k; }
            _start[m] = lo;
            _offset[m] = w.Count;
            _length[m] = hi < 0 ? 0 : hi - lo + 1;
            for (int k = lo; k <= hi; k++) w.Add((float)dense[k, m]);
        }
        _weights = [.. w];
        MinBin = Bands == 0 ? 0 : _start.Min();
        MaxBin = 0;
        for (int m = 0; m < Bands; m++) MaxBin = Math.Max(MaxBin, _start[m] + _length[m]);
    }

    /// <summary>The settings.</summary>
    public MelFilterBankOptions Options { get; }

    /// <summary>FFT bins covered (FftLength/2 + 1).</summary>
    public int Bins { get; }

    /// <summary>Number of mel bands.</summary>
    public int Bands { get; }

    internal int MinBin { get; }

    internal int MaxBin { get; } // exclusive

    internal (int Start, int Offset, int Length) Band(int m) => (_start[m], _offset[m], _length[m]);

    internal ReadOnlySpan<float> Weights => _weights;

    internal float[] WeightsArray => _weights;

    /// <summary>The bank as a dense bins × bands matrix (row-major), like torchaudio.functional.melscale_fbanks.</summary>
    public float[] ToDense()
    {
        var d = new float[Bins * Bands];
        for (int m = 0; m < Bands; m++)
            for (int i = 0; i < _length[m]; i++) d[(_start[m] + i) * Bands + m] = _weights[_offset[m] + i];
        return d;
    }

    /// <summary>Applies the bank to one spectrum frame (Bins values) into <paramref name="mel"/> (Bands values).</summary>
    /// <param name="spectrum">Magnitude or power of one frame.</param>
    /// <param name="mel">Destination.</param>
    public void Apply(ReadOnlySpan<float> spectrum, Span<float> mel)
    {
        if (spectrum.Length < Bins) throw new ArgumentException($"Expected {Bins} bins, got {spectrum.Length}.", nameof(spectrum));
        if (mel.Length < Bands) throw new ArgumentException($"Expected room for {Bands} bands, got {mel.Length}.", nameof(mel));
        for (int m = 0; m < Bands; m++)
            mel[m] = _length[m] == 0 ? 0f
                : System.Numerics.Tensors.TensorPrimitives.Dot(_weights.AsSpan(_offset[m], _length[m]), spectrum.Slice(_start[m], _length[m]));
    }

    private static double[,] Dense(MelFilterBankOptions o, int bins)
    {
        var d = o.Triangles == MelTriangles.Hertz ? DenseHertz(o, bins) : DenseMel(o, bins);
        if (o.ZeroDcBin)
            for (int m = 0; m < o.MelBands; m++) d[0, m] = 0;
        return d;
    }

    /// <summary>
    /// Triangles linear in Hz, computed in float32 arithmetic step by step as
    /// torchaudio.functional.melscale_fbanks does (float32 linspace, float32 mel→Hz), so that tiny edge
    /// weights agree with torchaudio's bank bit for bit rather than only to float32 rounding.
    /// </summary>
    private static double[,] DenseHertz(MelFilterBankOptions o, int bins)
    {
        int n = o.MelBands;
        var allFreqs = Linspace32(0f, o.SampleRate / 2, bins);                 // torch: linspace(0, sr // 2, n_freqs)
        float mMin = (float)Mel.FromHertz(o.MinFrequency, o.Scale), mMax = (float)Mel.FromHertz(o.EffectiveMaxFrequency, o.Scale);
        var mPts = Linspace32(mMin, mMax, n + 2);
        var fPts = new float[n + 2];
        for (int i = 0; i < n + 2; i++) fPts[i] = MelToHertz32(mPts[i], o.Scale);
        var d = new double[bins, n];
        for (int k = 0; k < bins; k++)
            for (int m = 0; m < n; m++)
            {
                float down = -(fPts[m] - allFreqs[k]) / (fPts[m + 1] - fPts[m]);
                float up = (fPts[m + 2] - allFreqs[k]) / (fPts[m + 2] - fPts[m + 1]);
                float w = MathF.Max(0f, MathF.Min(down, up));
                if (o.Norm == MelNorm.Slaney) w *= 2.0f / (fPts[m + 2] - fPts[m]);
                d[k, m] = w;
            }
        return d;
    }

    /// <summary>torch.linspace for float32: start + step·i for the first half, end − step·(steps − 1 − i) after.</summary>
    private static float[] Linspace32(float start, float end, int steps)
    {
        var r = new float[steps];
        if (steps == 1) { r[0] = start; return r; }
        float step = (end - start) / (steps - 1);
        int halfway = steps / 2;
        for (int i = 0; i < steps; i++) r[i] = i < halfway ? start + step * i : end - step * (steps - i - 1);
        return r;
    }

    private static float MelToHertz32(float mel, MelScale scale)
    {
        if (scale == MelScale.Htk) return 700.0f * (MathF.Pow(10.0f, mel / 2595.0f) - 1.0f);
        const float fSp = 200.0f / 3, minLogHz = 1000.0f, minLogMel = minLogHz / fSp;
        float logStep = MathF.Log(6.4f) / 27.0f;
        return mel >= minLogMel ? minLogHz * MathF.Exp(logStep * (mel - minLogMel)) : fSp * mel;
    }

    /// <summary>Triangles linear in mel, in float64 (VGGish's mel_features and TensorFlow).</summary>
    private static double[,] DenseMel(MelFilterBankOptions o, int bins)
    {
        int n = o.MelBands;
        double mMin = Mel.FromHertz(o.MinFrequency, o.Scale), mMax = Mel.FromHertz(o.EffectiveMaxFrequency, o.Scale);
        var edgesMel = new double[n + 2];
        var edgesHz = new double[n + 2];
        for (int i = 0; i < n + 2; i++)
        {
            edgesMel[i] = mMin + (mMax - mMin) * i / (n + 1);
            edgesHz[i] = Mel.ToHertz(edgesMel[i], o.Scale);
        }
        double nyquist = o.SampleRate / 2.0;
        var d = new double[bins, n];
        for (int k = 0; k < bins; k++)
        {
            double fm = Mel.FromHertz(bins == 1 ? 0 : nyquist * k / (bins - 1), o.Scale);
            for (int m = 0; m < n; m++)
            {
                double lower = (fm - edgesMel[m]) / (edgesMel[m + 1] - edgesMel[m]);
                double upper = (edgesMel[m + 2] - fm) / (edgesMel[m + 2] - edgesMel[m + 1]);
                double w = Math.Max(0, Math.Min(lower, upper));
                if (o.Norm == MelNorm.Slaney) w *= 2.0 / (edgesHz[m + 2] - edgesHz[m]);
                d[k, m] = w;
            }
        }
        return d;
    }
}
