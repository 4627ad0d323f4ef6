namespace Ser.Core.Evaluation;

/// <summary>Precision, recall, F1 and support of one class.</summary>
/// <param name="Name">Class name.</param>
/// <param name="Precision">Correct / predicted as this class (0 when never predicted).</param>
/// <param name="Recall">Correct / items of this class (0 when there are none).</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="Support">Items of this class.</param>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, long Support);

/// <summary>
/// The usual SER scores of one evaluation: weighted accuracy WA (= accuracy), unweighted
/// accuracy UA (mean per-class recall over the classes that occur), per-class precision/recall/F1,
/// macro F1 (mean over classes that occur) and weighted F1 (by support), and the confusion matrix.
/// </summary>
public sealed class ClassificationMetrics
{
    /// <summary>Computes every score from a confusion matrix.</summary>
    public ClassificationMetrics(ConfusionMatrix confusion)
    {
        Confusion = confusion ?? throw new ArgumentNullException(nameof(confusion));
        long total = confusion.Total;
        if (total == 0) throw new ArgumentException("the confusion matrix is empty", nameof(confusion));
        var perClass = new ClassMetrics[confusion.Classes];
        long correct = 0;
        double recallSum = 0, f1Sum = 0, weightedF1 = 0;
        int present = 0;
        for (int c = 0; c < confusion.Classes; c++)
        {
            long tp = confusion[c, c], support = confusion.Support(c), predicted = confusion.PredictedCount(c);
            correct += tp;
            double precision = predicted == 0 ? 0 : (double)tp / predicted;
            double recall = support == 0 ? 0 : (double)tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(confusion.ClassNames[c], precision, recall, f1, support);
            if (support > 0)
            {
                present++;
                recallSum += recall;
                f1Sum += f1;
                weightedF1 += f1 * support;
            }
        }
        PerClass = perClass;
        WeightedAccuracy = (double)correct / total;
        UnweightedAccuracy = recallSum / present;
        MacroF1 = f1Sum / present;
        WeightedF1 = weightedF1 / total;
    }

    /// <summary>From parallel arrays of true and predicted class indices.</summary>
    public static ClassificationMetrics From(IReadOnlyList<string> classNames, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted) =>
        new(ConfusionMatrix.From(classNames, truth, predicted));

    /// <summary>The confusion matrix the scores come from.</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>WA: the fraction of items classified correctly (accuracy).</summary>
    public double WeightedAccuracy { get; }

    /// <summary>UA: mean recall over the classes that have items.</summary>
    public double UnweightedAccuracy { get; }

    /// <summary>Mean F1 over the classes that have items.</summary>
    public double MacroF1 { get; }

    /// <summary>F1 averaged with weights = support.</summary>
    public double WeightedF1 { get; }

    /// <summary>Per-class scores, in class index order.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>"WA 0.712  UA 0.698  macro-F1 0.690".</summary>
    public override string ToString() =>
        FormattableString.Invariant($"WA {WeightedAccuracy:F3}  UA {UnweightedAccuracy:F3}  macro-F1 {MacroF1:F3}  weighted-F1 {WeightedF1:F3}");
}
