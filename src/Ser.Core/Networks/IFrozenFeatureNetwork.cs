using static TorchSharp.torch;

namespace Ser.Core.Networks;

/// <summary>
/// A classifier with a frozen branch (the pretrained YAMNet): no trainable parameters and no layer that
/// behaves differently in training and evaluation mode, so the branch's output for a patch is the same
/// in every epoch. A trainer computes it once per patch and feeds it back with
/// <see cref="ForwardWithFrozenFeatures"/> instead of running the branch at every step.
/// <see cref="LateFusion"/> and <see cref="YamNet"/> implement it.
/// </summary>
public interface IFrozenFeatureNetwork
{
    /// <summary>True when the branch is frozen now (it changes with <c>Freeze</c> and the parameters' RequiresGrad).</summary>
    bool HasFrozenBranch { get; }

    /// <summary>Shape of one patch's frozen features (1024 × 3 × 2 for YAMNet's last map at width 1).</summary>
    long[] FrozenFeatureShape { get; }

    /// <summary>Whether <see cref="ForwardWithFrozenFeatures"/> also needs the input patches (the fusion's VGGish does; YAMNet alone does not).</summary>
    bool NeedsInputWithFrozenFeatures { get; }

    /// <summary>The frozen branch's output for <paramref name="input"/> (N, 1, 96, 64): (N, <see cref="FrozenFeatureShape"/>), not recorded for autograd.</summary>
    Tensor FrozenFeatures(Tensor input);

    /// <summary>
    /// Logits (N, classes) from the frozen features of the same patches, equal to <c>Forward(input)</c>.
    /// <paramref name="input"/> may be null when <see cref="NeedsInputWithFrozenFeatures"/> is false.
    /// </summary>
    Tensor ForwardWithFrozenFeatures(Tensor? input, Tensor frozenFeatures);
}
