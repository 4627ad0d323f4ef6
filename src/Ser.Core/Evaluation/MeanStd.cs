namespace Ser.Core.Evaluation;

/// <summary>Mean and sample standard deviation of a score across folds.</summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Sample standard deviation (n − 1); 0 for a single value.</param>
/// <param name="Count">Number of values.</param>
public readonly record struct MeanStd(double Mean, double Std, int Count)
{
    /// <summary>Summarises <paramref name="values"/>.</summary>
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= values.Count;
        double ss = 0;
        foreach (double v in values) ss += (v - mean) * (v - mean);
        return new MeanStd(mean, values.Count > 1 ? Math.Sqrt(ss / (values.Count - 1)) : 0, values.Count);
    }

    /// <summary>"0.712 ± 0.031".</summary>
    public override string ToString() => FormattableString.Invariant($"{Mean:F3} ± {Std:F3}");
}

/// <summary>Scores of several folds and their mean ± std.</summary>
public sealed class CrossValidationSummary
{
    /// <summary>Summarises per-fold metrics.</summary>
    public CrossValidationSummary(IReadOnlyList<ClassificationMetrics> folds)
    {
        Folds = folds ?? throw new ArgumentNullException(nameof(folds));
        WeightedAccuracy = MeanStd.Of(folds.Select(f => f.WeightedAccuracy).ToArray());
        UnweightedAccuracy = MeanStd.Of(folds.Select(f => f.UnweightedAccuracy).ToArray());
        MacroF1 = MeanStd.Of(folds.Select(f => f.MacroF1).ToArray());
        WeightedF1 = MeanStd.Of(folds.Select(f => f.WeightedF1).ToArray());
    }

    /// <summary>The folds' metrics.</summary>
    public IReadOnlyList<ClassificationMetrics> Folds { get; }
    /// <summary>WA mean ± std.</summary>
    public MeanStd WeightedAccuracy { get; }
    /// <summary>UA mean ± std.</summary>
    public MeanStd UnweightedAccuracy { get; }
    /// <summary>Macro F1 mean ± std.</summary>
    public MeanStd MacroF1 { get; }
    /// <summary>Weighted F1 mean ± std.</summary>
    public MeanStd WeightedF1 { get; }

    /// <inheritdoc />
    public override string ToString() => $"WA {WeightedAccuracy}  UA {UnweightedAccuracy}  macro-F1 {MacroF1}  ({Folds.Count} folds)";
}
