using Ser.Core.Networks;
using Ser.Torch;

namespace Ser.Core.Training;

/// <summary>
/// A frozen branch's output for a fixed list of patches, computed once (batched, no gradients) and kept as
/// float32 in managed memory; batches are gathered from it by patch index.
/// </summary>
internal sealed class FrozenFeatureCache
{
    private readonly float[] _data;
    private readonly long[] _shape;
    private readonly int _size;

    private FrozenFeatureCache(float[] data, long[] shape, int size)
    {
        _data = data;
        _shape = shape;
        _size = size;
    }

    /// <summary>Whether the features of <paramref name="patches"/> patches fit in one array.</summary>
    public static bool Fits(IFrozenFeatureNetwork network, long patches) => patches * Size(network.FrozenFeatureShape) <= Array.MaxLength;

    /// <summary>
    /// Runs the frozen branch over <paramref name="patches"/> in batches of <paramref name="batchSize"/>. The branch
    /// computes the same in training and evaluation mode (<see cref="IFrozenFeatureNetwork"/>), so the mode is left as is.
    /// </summary>
    public static FrozenFeatureCache Compute(IFrozenFeatureNetwork network, IReadOnlyList<float[]> patches, int batchSize)
    {
        long[] shape = network.FrozenFeatureShape;
        int size = Size(shape);
        var data = new float[(long)patches.Count * size];
        for (int from = 0; from < patches.Count; from += batchSize)
        {
            using var scope = Torch.Torch.NewDisposeScope();
            int count = Math.Min(batchSize, patches.Count - from);
            network.FrozenFeatures(EmotionNetworkTrainer.PatchBatch(patches, from, count)).CopyTo<float>(data.AsSpan(from * size, count * size));
        }
        return new FrozenFeatureCache(data, shape, size);
    }

    /// <summary>The features of the patches at <paramref name="indices"/>, as one (count, shape…) tensor.</summary>
    public Tensor Gather(ReadOnlySpan<int> indices)
    {
        var batch = new float[indices.Length * _size];
        for (int b = 0; b < indices.Length; b++) _data.AsSpan(indices[b] * _size, _size).CopyTo(batch.AsSpan(b * _size));
        return Torch.Torch.FromArray(batch, BatchShape(indices.Length));
    }

    /// <summary>The features of patches [from, from + count), as one tensor.</summary>
    public Tensor Slice(int from, int count) =>
        Torch.Torch.FromSpan<float>(_data.AsSpan(from * _size, count * _size), BatchShape(count));

    private long[] BatchShape(int count)
    {
        var s = new long[_shape.Length + 1];
        s[0] = count;
        _shape.CopyTo(s, 1);
        return s;
    }

    private static int Size(long[] shape)
    {
        long n = 1;
        foreach (long d in shape) n *= d;
        return checked((int)n);
    }
}
