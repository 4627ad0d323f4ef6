using Ser.Core.Networks;
using Ser.Core.Torch;
using static TorchSharp.torch;

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
    /// Runs the frozen branch over <paramref name="patches"/> in batches of <paramref name="batchSize"/> on <paramref name="device"/>. The branch
    /// computes the same in training and evaluation mode (<see cref="IFrozenFeatureNetwork"/>), so the mode is left as is.
    /// </summary>
    public static FrozenFeatureCache Compute(IFrozenFeatureNetwork network, IReadOnlyList<float[]> patches, int batchSize, Device device)
    {
        long[] shape = network.FrozenFeatureShape;
        int size = Size(shape);
        var data = new float[(long)patches.Count * size];
        for (int from = 0; from < patches.Count; from += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, patches.Count - from);
            PatchTensors.CopyTo(network.FrozenFeatures(PatchTensors.FromList(patches, from, count, device)), data.AsSpan(from * size, count * size));
        }
        return new FrozenFeatureCache(data, shape, size);
    }

    /// <summary>The features of the patches at <paramref name="indices"/>, as one (count, shape…) tensor on <paramref name="device"/>.</summary>
    public Tensor Gather(ReadOnlySpan<int> indices, Device device)
    {
        TorchRuntime.EnsureInitialized();
        Tensor batch = empty(BatchShape(indices.Length), ScalarType.Float32);
        Span<float> target = PatchTensors.Floats(batch);
        for (int b = 0; b < indices.Length; b++) _data.AsSpan(indices[b] * _size, _size).CopyTo(target.Slice(b * _size, _size));
        return PatchTensors.OnDevice(batch, device);
    }

    /// <summary>The features of patches [from, from + count), as one tensor on <paramref name="device"/>.</summary>
    public Tensor Slice(int from, int count, Device device) =>
        PatchTensors.FromFloats(_data.AsSpan(from * _size, count * _size), BatchShape(count), device);

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
