using static TorchSharp.torch;

namespace Ser.Core.Training;

/// <summary>The trainer's losses.</summary>
public static class Losses
{
    /// <summary>Cross-entropy of logits (N, C) against class indices (N), with optional class weights (C) and label smoothing; mean over the batch (weighted mean with weights, as PyTorch).</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weight = null, double labelSmoothing = 0) =>
        nn.functional.cross_entropy(logits, target, weight, reduction: nn.Reduction.Mean, label_smoothing: labelSmoothing);

    /// <summary>
    /// Focal loss (Lin et al. 2017): −α_t (1 − p_t)^γ log p_t, where p_t is the softmax probability of the true
    /// class, averaged over the batch. <paramref name="alpha"/> is one weight per class (length C) or null for 1;
    /// γ = 0 and no α give cross-entropy.
    /// </summary>
    public static Tensor FocalLoss(Tensor logits, Tensor target, double gamma = 2, Tensor? alpha = null)
    {
        if (gamma < 0 || double.IsNaN(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "must be ≥ 0");
        using var scope = NewDisposeScope();
        Tensor logpt = logits.log_softmax(1).gather(1, target.unsqueeze(1)).squeeze(1);   // log p_t, (N)
        Tensor loss = -((1.0 - logpt.exp()).pow(gamma) * logpt);
        if (alpha is not null) loss = loss * alpha.index_select(0, target);
        return loss.mean().MoveToOuterDisposeScope();
    }
}
