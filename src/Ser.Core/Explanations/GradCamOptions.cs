using Ser.Core.Networks;

namespace Ser.Core.Explanations;

/// <summary>Options of <see cref="GradCam"/>.</summary>
public sealed class GradCamOptions
{
    /// <summary>The layer: <see cref="CamLayer.Default"/> (VGGish's last convolution; YAMNet's last block for YAMNet-only
    /// networks), <see cref="CamLayer.VGGishLastConv"/> or <see cref="CamLayer.YamNetLastBlock"/> (either branch of the fusion).</summary>
    public CamLayer Layer { get; init; } = CamLayer.Default;

    /// <summary>
    /// Normalise each patch's map to a maximum of 1 before stitching (as single-image Grad-CAM does). Default false:
    /// the raw maps are stitched and the clip's map is divided by its maximum, so patches with weak evidence stay weak.
    /// </summary>
    public bool NormaliseEachPatch { get; init; }
}
