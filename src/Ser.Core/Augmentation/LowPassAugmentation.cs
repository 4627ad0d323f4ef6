using Ser.Core.Audio;

namespace Ser.Core.Augmentation;

/// <summary>
/// Butterworth low-pass (cascaded biquads from the bilinear transform with pre-warping, so the
/// −3 dB point is exactly the cutoff) with a cutoff drawn from [<see cref="MinCutoffHz"/>, <see cref="MaxCutoffHz"/>].
/// </summary>
public sealed class LowPassAugmentation : IAudioAugmentation
{
    /// <summary>A fixed cutoff (Hz), or a range; <paramref name="order"/> is even (2, 4, 6, 8; default 4).</summary>
    public LowPassAugmentation(double cutoffHz, double? maxCutoffHz = null, int order = 4)
    {
        MinCutoffHz = cutoffHz;
        MaxCutoffHz = maxCutoffHz ?? cutoffHz;
        if (!(MinCutoffHz > 0) || MaxCutoffHz < MinCutoffHz || !double.IsFinite(MaxCutoffHz)) throw new ArgumentException($"cutoff range [{MinCutoffHz}, {MaxCutoffHz}] Hz is invalid");
        if (order is < 2 or > 8 || order % 2 != 0) throw new ArgumentOutOfRangeException(nameof(order), order, "must be 2, 4, 6 or 8");
        Order = order;
    }

    /// <summary>Lowest cutoff, Hz.</summary>
    public double MinCutoffHz { get; }
    /// <summary>Highest cutoff, Hz.</summary>
    public double MaxCutoffHz { get; }
    /// <summary>Filter order.</summary>
    public int Order { get; }

    /// <inheritdoc />
    public string Name => "lowpass";

    /// <inheritdoc />
    public AudioClip Apply(AudioClip clip, Random random)
    {
        double fc = ChannelWise.Uniform(random, MinCutoffHz, MaxCutoffHz);
        if (fc >= clip.SampleRate / 2.0) throw new ArgumentException($"cutoff {fc:F0} Hz is not below Nyquist ({clip.SampleRate / 2} Hz)");
        var sections = Design(fc, clip.SampleRate, Order);
        return ChannelWise.Map(clip, (x, _) =>
        {
            var y = (float[])x.Clone();
            foreach (var s in sections) s.Process(y);
            return y;
        });
    }

    /// <summary>Second-order sections of a Butterworth low-pass of even <paramref name="order"/>.</summary>
    internal static Biquad[] Design(double cutoffHz, int sampleRate, int order)
    {
        double k = Math.Tan(Math.PI * cutoffHz / sampleRate);      // pre-warped analog cutoff
        var sections = new Biquad[order / 2];
        for (int i = 0; i < sections.Length; i++)
        {
            double q = 1 / (2 * Math.Sin(Math.PI * (2 * i + 1) / (2 * order)));
            double norm = 1 / (1 + k / q + k * k);
            double b0 = k * k * norm;
            sections[i] = new Biquad(b0, 2 * b0, b0, 2 * (k * k - 1) * norm, (1 - k / q + k * k) * norm);
        }
        return sections;
    }
}

/// <summary>A second-order IIR section, transposed direct form II, double state.</summary>
internal sealed class Biquad(double b0, double b1, double b2, double a1, double a2)
{
    internal void Process(float[] x)
    {
        double z1 = 0, z2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double input = x[i];
            double output = b0 * input + z1;
            z1 = b1 * input - a1 * output + z2;
            z2 = b2 * input - a2 * output;
            x[i] = (float)output;
        }
    }

    /// <summary>Magnitude response at <paramref name="hz"/>.</summary>
    internal double Gain(double hz, int sampleRate)
    {
        double w = 2 * Math.PI * hz / sampleRate;
        System.Numerics.Complex z = System.Numerics.Complex.FromPolarCoordinates(1, -w);
        var num = b0 + b1 * z + b2 * z * z;
        var den = 1 + a1 * z + a2 * z * z;
        return (num / den).Magnitude;
    }
}
