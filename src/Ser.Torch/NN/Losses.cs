using Ser.Torch.Interop;

namespace Ser.Torch.NN;

/// <summary>Loss functions on (N, C) logits and (N) Int64 class targets.</summary>
public static class Losses
{
    /// <summary>
    /// Cross-entropy of logits, with optional per-class <paramref name="weight"/> (length C) and
    /// label smoothing in [0, 1) — torch.nn.functional.cross_entropy.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
        long ignoreIndex = -100, double labelSmoothing = 0)
    {
        if (labelSmoothing is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "must be in [0, 1)");
        return new Args(Aten.CrossEntropy).Tensor(logits).Tensor(target).Tensor(weight).Int((long)reduction).Int(ignoreIndex)
            .Double(labelSmoothing).Call();
    }

    /// <summary>Negative log-likelihood of log-probabilities, with optional per-class weights.</summary>
    public static Tensor NllLoss(Tensor logProbabilities, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignoreIndex = -100) =>
        new Args(Aten.NllLoss).Tensor(logProbabilities).Tensor(target).Tensor(weight).Int((long)reduction).Int(ignoreIndex).Call();

    /// <summary>Mean squared error.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        new Args(Aten.MseLoss).Tensor(input).Tensor(target).Int((long)reduction).Call();

    /// <summary>Binary cross-entropy of logits against targets in [0, 1].</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
        new Args(Aten.BceWithLogits).Tensor(logits).Tensor(target).Tensor(weight).None().Int((long)reduction).Call();

    /// <summary>
    /// Focal loss (Lin et al. 2017): −α_t (1 − p_t)^γ log p_t, where p_t is the softmax
    /// probability of the true class. <paramref name="alpha"/> is one weight per class (length C)
    /// or null for 1; γ = 0 and no α give cross-entropy.
    /// </summary>
    public static Tensor FocalLoss(Tensor logits, Tensor target, double gamma = 2, Tensor? alpha = null, Reduction reduction = Reduction.Mean)
    {
        if (gamma < 0 || double.IsNaN(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "must be ≥ 0");
        using var scope = Torch.NewDisposeScope();
        Tensor logp = logits.LogSoftmax(1);
        Tensor index = target.Unsqueeze(1);
        Tensor logpt = logp.Gather(1, index).Squeeze(1);          // log p_t, (N)
        Tensor pt = logpt.Exp();
        Tensor focal = (1.0 - pt).Pow(gamma);
        Tensor loss = -(focal * logpt);
        if (alpha is not null) loss = loss * alpha.IndexSelect(0, target);
        Tensor result = reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => loss.Sum(),
            _ => loss.Mean(),
        };
        return scope.MoveToOuter(result);
    }
}
