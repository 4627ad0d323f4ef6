using Ser.Core.Audio;

namespace Ser.Core.Augmentation;

/// <summary>
/// Changes duration by a factor drawn from [<see cref="MinRate"/>, <see cref="MaxRate"/>] keeping
/// pitch (WSOLA, 32 ms frames). Rate &gt; 1 speeds up (shorter clip): output length = round(n / rate).
/// </summary>
public sealed class TimeStretchAugmentation : IAudioAugmentation
{
    /// <summary>A fixed rate, or a range when <paramref name="maxRate"/> is given.</summary>
    public TimeStretchAugmentation(double rate, double? maxRate = null)
    {
        MinRate = rate;
        MaxRate = maxRate ?? rate;
        if (!(MinRate > 0.25) || !(MaxRate < 4) || MaxRate < MinRate) throw new ArgumentException($"rate range [{MinRate}, {MaxRate}] must lie in (0.25, 4)");
    }

    /// <summary>Lowest rate.</summary>
    public double MinRate { get; }
    /// <summary>Highest rate.</summary>
    public double MaxRate { get; }

    /// <inheritdoc />
    public string Name => "stretch";

    /// <inheritdoc />
    public AudioClip Apply(AudioClip clip, Random random)
    {
        double rate = ChannelWise.Uniform(random, MinRate, MaxRate);
        int frame = FrameLength(clip.SampleRate);
        return ChannelWise.Map(clip, (x, _) => Wsola.Stretch(x, Math.Max(1, (int)Math.Round(x.Length / rate)), frame));
    }

    /// <summary>WSOLA frame length: ≈ 32 ms, even.</summary>
    internal static int FrameLength(int sampleRate) => Math.Max(16, (int)Math.Round(sampleRate * 0.032) & ~1);
}

/// <summary>
/// Shifts pitch by a number of semitones drawn from [<see cref="MinSemitones"/>, <see cref="MaxSemitones"/>]
/// keeping duration: WSOLA stretches by 2^(s/12), then band-limited resampling brings the length
/// back, which scales every frequency by 2^(s/12).
/// </summary>
public sealed class PitchShiftAugmentation : IAudioAugmentation
{
    /// <summary>A fixed shift, or a range when <paramref name="maxSemitones"/> is given.</summary>
    public PitchShiftAugmentation(double semitones, double? maxSemitones = null)
    {
        MinSemitones = semitones;
        MaxSemitones = maxSemitones ?? semitones;
        if (!(Math.Abs(MinSemitones) <= 12) || !(Math.Abs(MaxSemitones) <= 12) || MaxSemitones < MinSemitones)
        {
            throw new ArgumentException($"semitone range [{MinSemitones}, {MaxSemitones}] must lie in [−12, 12]");
        }
    }

    /// <summary>Lowest shift, semitones.</summary>
    public double MinSemitones { get; }
    /// <summary>Highest shift, semitones.</summary>
    public double MaxSemitones { get; }

    /// <inheritdoc />
    public string Name => "pitch";

    /// <inheritdoc />
    public AudioClip Apply(AudioClip clip, Random random)
    {
        double semitones = ChannelWise.Uniform(random, MinSemitones, MaxSemitones);
        double factor = Math.Pow(2, semitones / 12);
        int rate = clip.SampleRate;
        // Resample from a virtual rate of rate·factor to rate (integers; the rounding error is < 1e-4 relative).
        int virtualRate = (int)Math.Round(rate * factor);
        var resampler = virtualRate == rate ? null : Resampler.Create(virtualRate, rate);
        int frame = TimeStretchAugmentation.FrameLength(rate);
        return ChannelWise.Map(clip, (x, _) =>
        {
            if (resampler is null) return x;
            float[] stretched = Wsola.Stretch(x, (int)Math.Round(x.Length * (double)virtualRate / rate), frame);
            float[] back = resampler.Process(stretched);
            var y = new float[x.Length];
            Array.Copy(back, y, Math.Min(back.Length, y.Length));
            return y;
        });
    }
}
