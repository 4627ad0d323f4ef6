using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>
/// Frees a network's activations as soon as the next layer has consumed them. A TorchSharp tensor holds its memory
/// until it is disposed or its dispose scope ends, so a forward pass that relies on its scope alone keeps every layer's
/// activation until it returns, where PyTorch frees each one as soon as nothing refers to it. Disposing releases only
/// this handle: what autograd saved for the backward pass stays alive, so training computes the same.
/// </summary>
internal static class Activations
{
    /// <summary>
    /// <paramref name="layer"/> applied to <paramref name="x"/>, with <paramref name="x"/> disposed unless the layer
    /// returned it (an in-place operation). <paramref name="x"/> must be the caller's own intermediate, never a
    /// network's input or a map it returns.
    /// </summary>
    public static Tensor Then(this Tensor x, Func<Tensor, Tensor> layer)
    {
        Tensor y = layer(x);
        if (!ReferenceEquals(x, y)) x.Dispose();
        return y;
    }
}
