using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>
/// Memory layouts of 4-D activations, which TorchSharp 0.107 does not expose (no <c>memory_format</c>): a
/// channels-last tensor keeps its logical (N, C, H, W) shape with the channel stride 1, as PyTorch's
/// <c>torch.channels_last</c>. libtorch picks its kernels by the input's layout.
/// </summary>
internal static class TensorLayout
{
    /// <summary>True when <paramref name="x"/> (4-D) has its channels innermost in memory.</summary>
    public static bool IsChannelsLast(Tensor x) => x.dim() == 4 && x.stride(1) == 1 && x.stride(3) == x.shape[1] && x.stride(2) == x.shape[1] * x.shape[3];

    /// <summary><paramref name="x"/> (4-D) with its channels innermost: itself when it already is, else a copy.</summary>
    public static Tensor ToChannelsLast(Tensor x) => IsChannelsLast(x) ? x : x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
}
