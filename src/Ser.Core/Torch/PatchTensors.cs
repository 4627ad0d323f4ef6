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
        TorchRuntime.EnsureInitialized();
        Tensor x = empty(new long[] { count, 1, Frames, Bands }, ScalarType.Float32);
        if (count > 0) values.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(x.bytes));
        return device is null || device.type == DeviceType.CPU ? x : x.to(device);
    }

    /// <summary>Patches [from, from + count) of <paramref name="patches"/> as one (count, 1, 96, 64) tensor.</summary>
    public static Tensor FromList(IReadOnlyList<float[]> patches, int from, int count, Device? device = null)
    {
        TorchRuntime.EnsureInitialized();
        Tensor x = empty(new long[] { count, 1, Frames, Bands }, ScalarType.Float32);
        Span<float> target = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(x.bytes);
        for (int b = 0; b < count; b++)
        {
            float[] p = patches[from + b];
            if (p.Length != Size) throw new ArgumentException($"patch {from + b} has {p.Length} values, expected {Size} (96 × 64)", nameof(patches));
            p.CopyTo(target.Slice(b * Size, Size));
        }
        return device is null || device.type == DeviceType.CPU ? x : x.to(device);
    }

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
        if (destination.Length > 0) System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(host.bytes).CopyTo(destination);
    }

    /// <summary>A tensor's float32 values as a new array.</summary>
    public static float[] ToArray(Tensor tensor)
    {
        var values = new float[tensor.numel()];
        CopyTo(tensor, values);
        return values;
    }
}
