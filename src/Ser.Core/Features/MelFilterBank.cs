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
        int n = o.MelBands;
        double fmin = o.MinFrequency, fmax = o.EffectiveMaxFrequency;
        double mMin = Mel.FromHertz(fmin, o.Scale), mMax = Mel.FromHertz(fmax, o.Scale);
        var edgesMel = new double[n + 2];
        var edgesHz = new double[n + 2];
        for (int i = 0; i < n + 2; i++)
        {
            edgesMel[i] = mMin + (mMax - mMin) * i / (n + 1);
            edgesHz[i] = Mel.ToHertz(edgesMel[i], o.Scale);
        }
        // Bin centre frequencies: linspace(0, sr/2, bins). torchaudio uses sr // 2 (integer division).
        double nyquist = o.Triangles == MelTriangles.Hertz ? o.SampleRate / 2 : o.SampleRate / 2.0;
        var d = new double[bins, n];
        for (int k = 0; k < bins; k++)
        {
            double f = bins == 1 ? 0 : nyquist * k / (bins - 1);
            double fm = Mel.FromHertz(f, o.Scale);
            for (int m = 0; m < n; m++)
            {
                double w;
                if (o.Triangles == MelTriangles.Hertz)
                {
                    double down = (f - edgesHz[m]) / (edgesHz[m + 1] - edgesHz[m]);
                    double up = (edgesHz[m + 2] - f) / (edgesHz[m + 2] - edgesHz[m + 1]);
                    w = Math.Max(0, Math.Min(down, up));
                }
                else
                {
                    double lower = (fm - edgesMel[m]) / (edgesMel[m + 1] - edgesMel[m]);
                    double upper = (edgesMel[m + 2] - fm) / (edgesMel[m + 2] - edgesMel[m + 1]);
                    w = Math.Max(0, Math.Min(lower, upper));
                }
                if (o.Norm == MelNorm.Slaney) w *= 2.0 / (edgesHz[m + 2] - edgesHz[m]);
                d[k, m] = w;
            }
        }
        if (o.ZeroDcBin)
            for (int m = 0; m < n; m++) d[0, m] = 0;
        return d;
    }
}
