using Ser.Core.Audio;

namespace Ser.Core.Augmentation;

/// <summary>Multiplies the clip by a gain drawn from [<see cref="MinDb"/>, <see cref="MaxDb"/>] dB (no clipping: samples stay float).</summary>
public sealed class GainAugmentation : IAudioAugmentation
{
    /// <summary>A fixed gain, or a range when <paramref name="maxDb"/> is given.</summary>
    public GainAugmentation(double db, double? maxDb = null)
    {
        MinDb = db;
        MaxDb = maxDb ?? db;
        if (!double.IsFinite(MinDb) || !double.IsFinite(MaxDb) || MaxDb < MinDb) throw new ArgumentException($"gain range [{MinDb}, {MaxDb}] dB is invalid");
    }

    /// <summary>Lowest gain, dB.</summary>
    public double MinDb { get; }
    /// <summary>Highest gain, dB.</summary>
    public double MaxDb { get; }

    /// <inheritdoc />
    public string Name => "gain";

    /// <inheritdoc />
    public AudioClip Apply(AudioClip clip, Random random)
    {
        float g = (float)Math.Pow(10, ChannelWise.Uniform(random, MinDb, MaxDb) / 20);
        return ChannelWise.Map(clip, (x, _) =>
        {
            for (int i = 0; i < x.Length; i++) x[i] *= g;
            return x;
        });
    }
}
