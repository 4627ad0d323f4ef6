namespace Ser.Core.Training;

/// <summary>
/// The order in which an epoch visits the training patches: a full shuffle, or a shuffle within a window that reads the
/// stored patches in long runs. With a window of W patches, the epoch takes blocks of <see cref="BlockPatches"/>
/// consecutive patches (as they were stored, clip after clip) in random order, W / <see cref="BlockPatches"/> blocks at a
/// time, and shuffles the patches of each such group: every patch is visited once per epoch, and any W consecutive
/// training steps' patches come from at most 3 W / <see cref="BlockPatches"/> blocks (three adjacent groups). That is a shuffle buffer over
/// the stored order: what training from the temporary patch file needs when it exceeds the page cache, so that the file
/// is read in 6 MiB runs rather than one 24 KiB patch at a time.
/// </summary>
internal static class EpochOrder
{
    /// <summary>Consecutive stored patches read as one run (6 MiB of 96 × 64 float32 patches).</summary>
    public const int BlockPatches = 256;

    /// <summary>The visiting order of <paramref name="count"/> patches in <paramref name="epoch"/>.</summary>
    /// <param name="count">Training patches.</param>
    /// <param name="window">Patches per shuffle window; null shuffles the whole epoch.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="epoch">The epoch (1-based).</param>
    public static int[] For(int count, int? window, int seed, int epoch)
    {
        var rng = new Random(unchecked(seed * 7919 + epoch));
        if (window is not int w) return Permutation(Enumerable.Range(0, count).ToArray(), rng);
        int blocks = (count + BlockPatches - 1) / BlockPatches;
        int perGroup = Math.Max(1, w / BlockPatches);
        int[] blockOrder = Permutation(Enumerable.Range(0, blocks).ToArray(), rng);
        var order = new int[count];
        int at = 0;
        for (int g = 0; g < blocks; g += perGroup)
        {
            int start = at;
            for (int b = g; b < Math.Min(blocks, g + perGroup); b++)
                for (int i = blockOrder[b] * BlockPatches, end = Math.Min(count, i + BlockPatches); i < end; i++) order[at++] = i;
            Permutation(order.AsSpan(start, at - start), rng);
        }
        return order;
    }

    private static int[] Permutation(int[] values, Random rng)
    {
        Permutation(values.AsSpan(), rng);
        return values;
    }

    /// <summary>Fisher–Yates in place.</summary>
    private static void Permutation(Span<int> values, Random rng)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
