namespace Ser.Core.Evaluation;

/// <summary>How patch (segment) probabilities become one clip decision.</summary>
public enum ClipAggregationMethod
{
    /// <summary>Mean of the patch probability vectors (the default, as the founding paper).</summary>
    Mean,
    /// <summary>Each patch votes for its arg-max; the clip's probabilities are the vote shares (ties: lower index).</summary>
    MajorityVote,
    /// <summary>Per class, the maximum patch probability, renormalised to sum to 1.</summary>
    Max,
}

/// <summary>Combines the class probabilities of a clip's patches.</summary>
public static class ClipAggregation
{
    /// <summary>
    /// Clip probabilities from <paramref name="patchProbabilities"/> (patches × classes, row-major).
    /// Rows with NaN are rejected.
    /// </summary>
    public static float[] Aggregate(ReadOnlySpan<float> patchProbabilities, int classes, ClipAggregationMethod method = ClipAggregationMethod.Mean)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "must be ≥ 1");
        if (patchProbabilities.Length == 0 || patchProbabilities.Length % classes != 0)
        {
            throw new ArgumentException($"{patchProbabilities.Length} values are not a whole number (≥ 1) of {classes}-class rows", nameof(patchProbabilities));
        }
        int patches = patchProbabilities.Length / classes;
        var result = new float[classes];
        for (int p = 0; p < patches; p++)
        {
            ReadOnlySpan<float> row = patchProbabilities.Slice(p * classes, classes);
            foreach (float v in row) if (float.IsNaN(v)) throw new ArgumentException($"patch {p} has a NaN probability", nameof(patchProbabilities));
            switch (method)
            {
                case ClipAggregationMethod.Mean:
                    for (int c = 0; c < classes; c++) result[c] += row[c] / patches;
                    break;
                case ClipAggregationMethod.MajorityVote:
                    result[ArgMax(row)] += 1f / patches;
                    break;
                case ClipAggregationMethod.Max:
                    for (int c = 0; c < classes; c++) result[c] = Math.Max(result[c], row[c]);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(method), method, "unknown aggregation");
            }
        }
        if (method == ClipAggregationMethod.Max)
        {
            float sum = 0;
            foreach (float v in result) sum += v;
            if (sum > 0) for (int c = 0; c < classes; c++) result[c] /= sum;
        }
        return result;
    }

    /// <summary>Index of the largest value (the lowest index among ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
