using Ser.Core.Data;

namespace Ser.Core.Training;

/// <summary>A clip's predicted emotion with the probability of every class (mean over its patches).</summary>
/// <param name="Emotion">The most probable class.</param>
/// <param name="Probabilities">One probability per class, in the order of <paramref name="Classes"/>; they sum to 1.</param>
/// <param name="Classes">The classes.</param>
public sealed record EmotionPrediction(Emotion Emotion, IReadOnlyList<float> Probabilities, IReadOnlyList<Emotion> Classes)
{
    /// <summary>The predicted label's name ("angry", …).</summary>
    public string Label => Emotion.Name();

    /// <summary>The probability of <paramref name="emotion"/> (0 when it is not a class).</summary>
    public float ProbabilityOf(Emotion emotion)
    {
        for (int i = 0; i < Classes.Count; i++) if (Classes[i] == emotion) return Probabilities[i];
        return 0;
    }

    /// <summary>"angry (0.81)".</summary>
    public override string ToString() => FormattableString.Invariant($"{Label} ({ProbabilityOf(Emotion):F2})");
}
