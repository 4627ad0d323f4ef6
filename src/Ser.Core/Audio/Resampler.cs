namespace Ser.Core.Audio;

/// <summary>
/// Band-limited sample-rate conversion between any two rates from 8 kHz to 192 kHz: a polyphase
/// Kaiser-windowed sinc filter.
/// </summary>
/// <remarks>
/// The ratio out/in is reduced to L/M. The low-pass prototype has its stop band starting at the lower of
/// the two Nyquist frequencies and its pass band ending at <see cref="ResamplerOptions.PassbandFraction"/>
/// of it, with <see cref="ResamplerOptions.StopbandAttenuationDb"/> of attenuation (Kaiser's formulas fix
/// β and the length). With L ≤ <see cref="ResamplerOptions.MaxPhases"/> every output sample uses an exact
/// phase of the filter; above that, two neighbouring tabulated phases are interpolated linearly.
/// Output length is ceil(n · L / M); signal outside the clip is taken as zero.
/// </remarks>
public sealed class Resampler
{
    private readonly int _l, _m, _phases, _taps, _half;
    private readonly float[] _table; // [_phases + 1][_taps]

    private Resampler(int inRate, int outRate, ResamplerOptions o)
    {
        InputRate = inRate;
        OutputRate = outRate;
        int g = Gcd(inRate, outRate);
        _l = outRate / g;
        _m = inRate / g;
        // Work in units of input samples. The cut-off is relative to the input rate.
        double nyquistRatio = Math.Min(1.0, (double)_l / _m);          // lower Nyquist / input Nyquist
        double stop = 0.5 * nyquistRatio;                               // cycles per input sample
        double pass = stop * o.PassbandFraction;
        double cutoff = 0.5 * (pass + stop);
        double a = o.StopbandAttenuationDb;
        double beta = a > 50 ? 0.1102 * (a - 8.7) : a >= 21 ? 0.5842 * Math.Pow(a - 21, 0.4) + 0.07886 * (a - 21) : 0;
        double width = 2 * Math.PI * (stop - pass);
        int length = (int)Math.Ceiling((a - 8) / (2.285 * width)) + 1;
        _half = (length + 1) / 2;
        _taps = 2 * _half;
        _phases = Math.Min(_l, o.MaxPhases);
        _table = new float[(_phases + 1) * _taps];
        double i0Beta = BesselI0(beta);
        for (int p = 0; p <= _phases; p++)
        {
            double frac = (double)p / _phases; // output time = floor + frac (input samples)
            for (int k = 0; k < _taps; k++)
            {
                // tap k multiplies input sample floor - _half + 1 + k; distance t = frac + _half - 1 - k
                double t = frac + _half - 1 - k;
                double r = t / _half;
                double w = Math.Abs(r) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - r * r)) / i0Beta;
                double x = 2 * cutoff * t;
                double sinc = Math.Abs(x) < 1e-12 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
                _table[p * _taps + k] = (float)(2 * cutoff * sinc * w);
            }
        }
    }

    /// <summary>Input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Number of filter taps applied per output sample.</summary>
    public int TapsPerOutput => _taps;

    /// <summary>Creates a resampler (filters are designed once; the instance is thread-safe).</summary>
    /// <param name="inputRate">Input rate in Hz, 8,000–192,000.</param>
    /// <param name="outputRate">Output rate in Hz, 8,000–192,000.</param>
    /// <param name="options">Filter design; <see cref="ResamplerOptions.Default"/> when null.</param>
    public static Resampler Create(int inputRate, int outputRate, ResamplerOptions? options = null)
    {
        const int Min = 8_000, Max = 192_000;
        if (inputRate < Min || inputRate > Max)
            throw new ArgumentOutOfRangeException(nameof(inputRate), inputRate, $"Rates from {Min} to {Max} Hz are supported.");
        if (outputRate < Min || outputRate > Max)
            throw new ArgumentOutOfRangeException(nameof(outputRate), outputRate, $"Rates from {Min} to {Max} Hz are supported.");
        var o = options ?? ResamplerOptions.Default;
        o.Validate();
        return new Resampler(inputRate, outputRate, o);
    }

    /// <summary>Number of output samples for <paramref name="inputLength"/> input samples: ceil(n · out / in).</summary>
    /// <param name="inputLength">Input length in samples.</param>
    public long OutputLength(long inputLength) => (inputLength * _l + _m - 1) / _m;

    /// <summary>Resamples a mono signal.</summary>
    /// <param name="input">Samples at <see cref="InputRate"/>.</param>
    /// <returns>Samples at <see cref="OutputRate"/>.</returns>
    public float[] Process(ReadOnlySpan<float> input)
    {
        long outLen = OutputLength(input.Length);
        var output = new float[outLen];
        var table = _table.AsSpan();
        int taps = _taps, n = input.Length;
        bool exact = _phases == _l;
        for (long j = 0; j < outLen; j++)
        {
            long num = j * _m;                 // output time in units of 1/L input samples
            long baseIndex = num / _l;
            int rem = (int)(num - baseIndex * _l);
            long first = baseIndex - _half + 1;
            int k0 = first < 0 ? (int)-first : 0;
            int k1 = (int)Math.Min(taps, n - first);
            if (k1 <= k0) continue; // the filter does not reach the clip: zero
            float acc;
            if (exact)
            {
                acc = Dot(table.Slice(rem * taps + k0, k1 - k0), input.Slice((int)(first + k0), k1 - k0));
            }
            else
            {
                double pos = (double)rem * _phases / _l;
                int p = (int)pos;
                float f = (float)(pos - p);
                var x = input.Slice((int)(first + k0), k1 - k0);
                float a0 = Dot(table.Slice(p * taps + k0, k1 - k0), x);
                float a1 = Dot(table.Slice((p + 1) * taps + k0, k1 - k0), x);
                acc = a0 + f * (a1 - a0);
            }
            output[j] = acc;
        }
        return output;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        => a.Length <= 0 ? 0f : System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
}
