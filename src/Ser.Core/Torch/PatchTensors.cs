using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>Moves 96 × 64 patches between managed arrays and (N, 1, 96, 64) float32 tensors on a device.</summary>
public static class PatchTensors
{
    /// <summary>Frames of a patch.</summary>
    public const int Frames = 96;

    /// <summary>Mel bands of a patch.</summary>
    public const int Bands = 64;

    /// <summary>Values of a patch (96 × 64).</summary>
    public const int Size = Frames * Bands;

    /// <summary><paramref name="count"/> patches stored back to back in <paramref name="values"/>, as one (count, 1, 96, 64) tensor on <paramref name="device"/>.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> values, int count, Device? device = null)
    {
        if (values.Length != count * Size) throw new ArgumentException($"{values.Length} values are not {count} patches of {Size}", nameof(values));
        return FromFloats(values, new long[] { count, 1, Frames, Bands }, device);
    }

    /// <summary>Patches [from, from + count) of <paramref name="patches"/> as one (count, 1, 96, 64) tensor.</summary>
    public static Tensor FromList(IReadOnlyList<float[]> patches, int from, int count, Device? device = null)
    {
        Tensor x = EmptyBatch(count);
        Span<float> target = Floats(x);
        for (int b = 0; b < count; b++) CopyPatch(patches, from + b, target.Slice(b * Size, Size));
        return OnDevice(x, device);
    }

    /// <summary>The patches at <paramref name="indices"/> of <paramref name="patches"/>, in that order, as one (count, 1, 96, 64) tensor.</summary>
    public static Tensor FromList(IReadOnlyList<float[]> patches, ReadOnlySpan<int> indices, Device? device = null)
    {
        Tensor x = EmptyBatch(indices.Length);
        Span<float> target = Floats(x);
        for (int b = 0; b < indices.Length; b++) CopyPatch(patches, indices[b], target.Slice(b * Size, Size));
        return OnDevice(x, device);
    }

    private static Tensor EmptyBatch(int count)
    {
        TorchRuntime.EnsureInitialized();
        return empty(new long[] { count, 1, Frames, Bands }, ScalarType.Float32);
    }

    private static void CopyPatch(IReadOnlyList<float[]> patches, int index, Span<float> target)
    {
        if (patches is Training.IPatchReader reader)
        {
            reader.CopyPatch(index, target);                    // stored patches: no managed array per access
            return;
        }
        float[] p = patches[index];
        if (p.Length != Size) throw new ArgumentException($"patch {index} has {p.Length} values, expected {Size} (96 × 64)", nameof(patches));
        p.CopyTo(target);
    }

    /// <summary>A new float32 tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/> (row-major), on <paramref name="device"/>.</summary>
    internal static Tensor FromFloats(ReadOnlySpan<float> values, long[] shape, Device? device = null)
    {
        TorchRuntime.EnsureInitialized();
        Tensor x = empty(shape, ScalarType.Float32);
        values.CopyTo(Floats(x));
        return OnDevice(x, device);
    }

    /// <summary>The values of a contiguous float32 CPU tensor, writable in place.</summary>
    internal static Span<float> Floats(Tensor cpu) =>
        cpu.numel() == 0 ? Span<float>.Empty : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(cpu.bytes);

    /// <summary><paramref name="cpu"/> itself on the CPU (or without a device), else a copy on <paramref name="device"/>.</summary>
    internal static Tensor OnDevice(Tensor cpu, Device? device) => device is null || device.type == DeviceType.CPU ? cpu : cpu.to(device);

    /// <summary>A tensor's float32 values copied into <paramref name="destination"/> (moved to the CPU first if needed).</summary>
    public static void CopyTo(Tensor tensor, Span<float> destination)
    {
        if (tensor.device_type == DeviceType.CPU && tensor.dtype == ScalarType.Float32 && tensor.is_contiguous())
        {
            Copy(tensor, destination);
            return;
        }
        using Tensor host = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
        Copy(host, destination);
    }

    private static void Copy(Tensor host, Span<float> destination)
    {
        if (host.numel() != destination.Length) throw new ArgumentException($"the tensor has {host.numel()} values, the destination {destination.Length}", nameof(destination));
        Floats(host).CopyTo(destination);
    }

    /// <summary>A tensor's float32 values as a new array.</summary>
    public static float[] ToArray(Tensor tensor)
    {
        var values = new float[tensor.numel()];
        CopyTo(tensor, values);
        return values;
    }
}
