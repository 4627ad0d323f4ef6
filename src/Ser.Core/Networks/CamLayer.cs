namespace Ser.Core.Networks;

/// <summary>The layer whose activations Grad-CAM weighs by their gradients.</summary>
public enum CamLayer
{
    /// <summary>The network's default: VGGish's last convolution where the network has a VGGish branch, else YAMNet's last block.</summary>
    Default,

    /// <summary>VGGish conv4_2 after ReLU: 512 × 12 × 8 at width 1 (8 × 8 frames × bands of the 96 × 64 patch per cell).</summary>
    VGGishLastConv,

    /// <summary>YAMNet's last depthwise-separable block: 1024 × 3 × 2 at width 1 (32 × 32 per cell).</summary>
    YamNetLastBlock,
}
