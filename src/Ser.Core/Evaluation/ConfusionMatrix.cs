namespace Ser.Core.Evaluation;

/// <summary>Counts of (true class, predicted class) pairs; rows are true classes.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>An empty matrix for <paramref name="classNames"/>.</summary>
    public ConfusionMatrix(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0) throw new ArgumentException("at least one class is needed", nameof(classNames));
        ClassNames = classNames.ToArray();
        _counts = new long[ClassNames.Count, ClassNames.Count];
    }

    /// <summary>A matrix filled from parallel arrays of true and predicted class indices.</summary>
    public static ConfusionMatrix From(IReadOnlyList<string> classNames, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.Length != predicted.Length) throw new ArgumentException($"{truth.Length} true labels but {predicted.Length} predictions");
        var m = new ConfusionMatrix(classNames);
        for (int i = 0; i < truth.Length; i++) m.Add(truth[i], predicted[i]);
        return m;
    }

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes.</summary>
    public int Classes => ClassNames.Count;

    /// <summary>Records one decision.</summary>
    public void Add(int truth, int predicted)
    {
        if ((uint)truth >= (uint)Classes) throw new ArgumentOutOfRangeException(nameof(truth), truth, $"class index must be in 0..{Classes - 1}");
        if ((uint)predicted >= (uint)Classes) throw new ArgumentOutOfRangeException(nameof(predicted), predicted, $"class index must be in 0..{Classes - 1}");
        _counts[truth, predicted]++;
    }

    /// <summary>Count of items of class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => _counts[truth, predicted];

    /// <summary>Total number of items.</summary>
    public long Total
    {
        get
        {
            long t = 0;
            foreach (long c in _counts) t += c;
            return t;
        }
    }

    /// <summary>Items whose true class is <paramref name="c"/>.</summary>
    public long Support(int c)
    {
        long s = 0;
        for (int j = 0; j < Classes; j++) s += _counts[c, j];
        return s;
    }

    /// <summary>Items predicted as <paramref name="c"/>.</summary>
    public long PredictedCount(int c)
    {
        long s = 0;
        for (int i = 0; i < Classes; i++) s += _counts[i, c];
        return s;
    }

    /// <summary>Row-normalised matrix (each true class's row sums to 1; a class with no items gives a row of zeros).</summary>
    public double[,] RowNormalised()
    {
        var r = new double[Classes, Classes];
        for (int i = 0; i < Classes; i++)
        {
            long s = Support(i);
            for (int j = 0; j < Classes; j++) r[i, j] = s == 0 ? 0 : (double)_counts[i, j] / s;
        }
        return r;
    }

    /// <summary>The matrix as text: a header of predicted classes and one row per true class.</summary>
    public override string ToString()
    {
        int w = Math.Max(6, ClassNames.Max(n => n.Length) + 1);
        var sb = new System.Text.StringBuilder();
        sb.Append("true\\pred".PadRight(w));
        foreach (string n in ClassNames) sb.Append(n.PadLeft(w));
        sb.AppendLine();
        for (int i = 0; i < Classes; i++)
        {
            sb.Append(ClassNames[i].PadRight(w));
            for (int j = 0; j < Classes; j++) sb.Append(_counts[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(w));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
