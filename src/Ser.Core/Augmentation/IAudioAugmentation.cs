using Ser.Core.Audio;

namespace Ser.Core.Augmentation;

/// <summary>A transformation of a clip for training-data augmentation; random choices come from the given generator only.</summary>
public interface IAudioAugmentation
{
    /// <summary>Short name for logs ("noise", "gain", …).</summary>
    string Name { get; }

    /// <summary>Returns a new, transformed clip (same sample rate and channel layout).</summary>
    AudioClip Apply(AudioClip clip, Random random);
}

/// <summary>Helpers shared by the augmentations.</summary>
internal static class ChannelWise
{
    /// <summary>Applies <paramref name="process"/> to each channel (de-interleaved) and re-interleaves; lengths may change but must agree.</summary>
    internal static AudioClip Map(AudioClip clip, Func<float[], int, float[]> process)
    {
        int channels = clip.Channels, frames = clip.FrameCount;
        if (frames == 0) throw new ArgumentException($"{clip.Source}: the clip is empty", nameof(clip));
        ReadOnlySpan<float> s = clip.Samples;
        float[][] outputs = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            var x = new float[frames];
            for (int i = 0; i < frames; i++) x[i] = s[i * channels + c];
            outputs[c] = process(x, c);
        }
        int n = outputs[0].Length;
        var y = new float[n * channels];
        for (int c = 0; c < channels; c++)
        {
            if (outputs[c].Length != n) throw new InvalidOperationException("channels were processed to different lengths");
            for (int i = 0; i < n; i++) y[i * channels + c] = outputs[c][i];
        }
        return new AudioClip(y, clip.SampleRate, clip.Layout, clip.Source);
    }

    /// <summary>A uniform draw in [lo, hi] (lo when equal).</summary>
    internal static double Uniform(Random random, double lo, double hi) => lo == hi ? lo : lo + (hi - lo) * random.NextDouble();

    /// <summary>A standard normal draw (Box–Muller).</summary>
    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static double Power(ReadOnlySpan<float> x)
    {
        double p = 0;
        foreach (float v in x) p += (double)v * v;
        return x.Length == 0 ? 0 : p / x.Length;
    }
}
