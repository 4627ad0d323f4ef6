using static TorchSharp.torch;

namespace Ser.Core.Networks;

/// <summary>
/// A classifier that can expose one of its layers for Grad-CAM. <see cref="LateFusion"/>,
/// <see cref="Training.VGGishClassifier"/> and <see cref="YamNet"/> implement it.
/// </summary>
public interface ICamNetwork
{
    /// <summary>The layer <see cref="CamLayer.Default"/> stands for in this network.</summary>
    CamLayer DefaultCamLayer { get; }

    /// <summary>Whether the network has <paramref name="layer"/>.</summary>
    bool HasCamLayer(CamLayer layer);

    /// <summary>
    /// Logits (N, classes) for <paramref name="input"/> (N, 1, 96, 64). The layers up to <paramref name="layer"/> run
    /// without recording gradients; <paramref name="activation"/> is that layer's output as a leaf that requires
    /// gradients, and the rest of the network is recorded from it, so <c>torch.autograd.grad(score, activation)</c>
    /// back-propagates only from the score to the layer. The caller disposes both tensors.
    /// </summary>
    /// <exception cref="ArgumentException">The network has no such layer.</exception>
    Tensor ForwardFromCamLayer(Tensor input, CamLayer layer, out Tensor activation);
}
