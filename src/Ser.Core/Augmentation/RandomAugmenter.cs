using Ser.Core.Audio;

namespace Ser.Core.Augmentation;

/// <summary>
/// A random composition: each augmentation is applied with its probability, in order. The result
/// depends only on the seed and the item index, so epochs, threads and reruns reproduce it.
/// </summary>
public sealed class RandomAugmenter
{
    private readonly List<(IAudioAugmentation Augmentation, double Probability)> _steps = new();

    /// <summary>Creates an empty composition with a seed.</summary>
    public RandomAugmenter(int seed) => Seed = seed;

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The steps and their probabilities.</summary>
    public IReadOnlyList<(IAudioAugmentation Augmentation, double Probability)> Steps => _steps;

    /// <summary>Adds a step applied with <paramref name="probability"/> (0–1).</summary>
    public RandomAugmenter Add(IAudioAugmentation augmentation, double probability = 1)
    {
        ArgumentNullException.ThrowIfNull(augmentation);
        if (probability is < 0 or > 1 || double.IsNaN(probability)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "must be in [0, 1]");
        _steps.Add((augmentation, probability));
        return this;
    }

    /// <summary>Augments item <paramref name="index"/> (e.g. epoch × N + position); returns the clip and the names of the steps applied.</summary>
    public (AudioClip Clip, IReadOnlyList<string> Applied) Apply(AudioClip clip, long index)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var random = new Random(Mix(Seed, index));
        var applied = new List<string>();
        foreach (var (augmentation, probability) in _steps)
        {
            if (random.NextDouble() >= probability) continue;
            clip = augmentation.Apply(clip, random);
            applied.Add(augmentation.Name);
        }
        return (clip, applied);
    }

    /// <summary>SplitMix64 of (seed, index): deterministic across processes (unlike HashCode).</summary>
    private static int Mix(int seed, long index)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
