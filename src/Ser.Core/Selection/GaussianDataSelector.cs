using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Ser.Core.Segmentation;

namespace Ser.Core.Selection;

/// <summary>
/// Gaussian data selection (the founding paper's Algorithm 1). For each clip i with patches
/// S_i1..S_iD: μ_ij = mean(S_ij), σ_ij = std(S_ij) (population); G_ij = N(μ_ij, σ_ij) as a vector
/// (see <see cref="GaussianReading"/>); C_i = row sums of the D×D matrix of Pearson correlation
/// coefficients between G_i1..G_iD (the diagonal included); Score_i = normalise(C_i); patch j is
/// kept when Score_ij &gt; T. Homogeneous, typical patches correlate with the others and are
/// kept; silences and bursts that look like no other patch are dropped.
/// <para>Edge cases: clips with fewer than <see cref="GaussianSelectionOptions.MinPatches"/>
/// patches follow <see cref="GaussianSelectionOptions.ShortClips"/>. A patch with σ = 0
/// (constant, e.g. digital silence) has no defined correlation: it correlates 1 with itself and 0
/// with every other patch, so it scores lowest. A patch containing NaN is always dropped, scores
/// NaN and takes no part in the others' scores. When all scores are equal (max = min) every patch
/// scores 1 (min–max) or 0 (z-score).</para>
/// <para>Note: with min–max normalisation the lowest-scoring patch of every clip with ≥ 3 patches
/// scores exactly 0 and is dropped at any T ≥ 0.</para>
/// </summary>
public sealed class GaussianDataSelector
{
    /// <summary>Creates the selector; the options are validated.</summary>
    public GaussianDataSelector(GaussianSelectionOptions? options = null)
    {
        Options = options ?? new GaussianSelectionOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public GaussianSelectionOptions Options { get; }

    /// <summary>Decides which patches of one clip to keep. All patches must have the same size.</summary>
    public ClipSelection Select(IReadOnlyList<Patch> patches, string? clipId = null)
    {
        ArgumentNullException.ThrowIfNull(patches);
        var data = new float[patches.Count][];
        for (int j = 0; j < patches.Count; j++)
        {
            data[j] = patches[j].Data;
            if (data[j].Length != data[0].Length)
            {
                throw new ArgumentException($"patch {j} has {data[j].Length} values, patch 0 has {data[0].Length}", nameof(patches));
            }
        }
        return Select(data, clipId ?? (patches.Count > 0 ? patches[0].ClipId : ""));
    }

    /// <summary>Decides which of a clip's patches (flat arrays of equal length) to keep.</summary>
    public ClipSelection Select(IReadOnlyList<float[]> patches, string clipId)
    {
        ArgumentNullException.ThrowIfNull(patches);
        double[] scores = ScoresAndValidity(patches, out bool[] invalid);
        return Decide(clipId, scores, invalid);
    }

    /// <summary>
    /// Applies the threshold (and the short-clip policy) to scores computed by <see cref="Scores"/>,
    /// e.g. to compare thresholds without rescoring. <paramref name="invalid"/> marks patches that
    /// are always dropped (those with NaN values).
    /// </summary>
    public ClipSelection Decide(string clipId, IReadOnlyList<double> scores, IReadOnlyList<bool>? invalid = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int d = scores.Count;
        var kept = new List<int>(d);
        var dropped = new List<int>();
        bool shortClip = d < Options.MinPatches;
        for (int j = 0; j < d; j++)
        {
            bool bad = invalid is not null && invalid[j];
            bool keep = !bad && (shortClip ? Options.ShortClips == ShortClipPolicy.KeepAll : scores[j] > Options.Threshold);
            (keep ? kept : dropped).Add(j);
        }
        return new ClipSelection(clipId, scores.ToArray(), kept, dropped);
    }

    /// <summary>Selects over many clips and summarises.</summary>
    public SelectionReport SelectAll(IEnumerable<IReadOnlyList<Patch>> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        return new SelectionReport(clips.Select(c => Select(c)).ToArray());
    }

    /// <summary>
    /// The normalised score of every patch (NaN for patches with NaN values, and for every patch of
    /// a clip with fewer than <see cref="GaussianSelectionOptions.MinPatches"/> patches).
    /// </summary>
    public double[] Scores(IReadOnlyList<float[]> patches) => ScoresAndValidity(patches, out _);

    private double[] ScoresAndValidity(IReadOnlyList<float[]> patches, out bool[] invalid)
    {
        ArgumentNullException.ThrowIfNull(patches);
        int d = patches.Count;
        var scores = new double[d];
        invalid = new bool[d];
        var stats = new PatchStats[d];
        for (int j = 0; j < d; j++)
        {
            stats[j] = PatchStats.Of(patches[j]);
            invalid[j] = !stats[j].Finite;
        }
        if (d < Options.MinPatches)
        {
            Array.Fill(scores, double.NaN);
            return scores;
        }
        var valid = new List<int>(d);
        for (int j = 0; j < d; j++)
        {
            if (invalid[j]) scores[j] = double.NaN;
            else valid.Add(j);
        }
        if (valid.Count == 0) return scores;
        float[][] vectors = Options.Reading == GaussianReading.DensityOnClipGrid
            ? GridDensities(valid, stats)
            : ValueDensities(patches, valid, stats);
        double[] c = CorrelationRowSums(vectors);
        Normalise(c);
        for (int k = 0; k < valid.Count; k++) scores[valid[k]] = c[k];
        return scores;
    }

    /// <summary>Mean, population standard deviation, minimum and maximum of a patch, in one vectorised pass.</summary>
    private readonly record struct PatchStats(double Mean, double Std, float Min, float Max, bool Finite)
    {
        internal static PatchStats Of(float[] x)
        {
            if (x.Length == 0) return new PatchStats(0, 0, 0, 0, true);
            int w = Vector<float>.Count;
            // Two independent accumulator sets: the loop is bound by add latency, not throughput.
            Vector<float> sum = Vector<float>.Zero, sumB = Vector<float>.Zero, sq = Vector<float>.Zero, sqB = Vector<float>.Zero;
            Vector<float> min = new(float.PositiveInfinity), minB = min, max = new(float.NegativeInfinity), maxB = max;
            ReadOnlySpan<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(x);
            int pairs = vectors.Length & ~1;
            for (int v = 0; v < pairs; v += 2)
            {
                Vector<float> a = vectors[v], b = vectors[v + 1];
                sum += a;
                sumB += b;
                sq += a * a;
                sqB += b * b;
                min = Vector.Min(min, a);
                minB = Vector.Min(minB, b);
                max = Vector.Max(max, a);
                maxB = Vector.Max(maxB, b);
            }
            if (pairs < vectors.Length)
            {
                Vector<float> a = vectors[pairs];
                sum += a;
                sq += a * a;
                min = Vector.Min(min, a);
                max = Vector.Max(max, a);
            }
            sum += sumB;
            sq += sqB;
            min = Vector.Min(min, minB);
            max = Vector.Max(max, maxB);
            double s = Vector.Sum(sum), s2 = Vector.Sum(sq);
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            for (int k = 0; k < w; k++)
            {
                lo = Math.Min(lo, min[k]);
                hi = Math.Max(hi, max[k]);
            }
            for (int i = vectors.Length * w; i < x.Length; i++)
            {
                s += x[i];
                s2 += (double)x[i] * x[i];
                lo = Math.Min(lo, x[i]);
                hi = Math.Max(hi, x[i]);
            }
            bool finite = double.IsFinite(s) && double.IsFinite(s2) && float.IsFinite(lo) && float.IsFinite(hi);
            if (!finite)
            {
                // Overflowing sums of finite values are not invalid; NaN or infinite samples are.
                finite = true;
                foreach (float v in x)
                {
                    if (!float.IsFinite(v))
                    {
                        finite = false;
                        break;
                    }
                }
            }
            double mean = s / x.Length;
            double std = lo == hi ? 0 : Math.Sqrt(Math.Max(0, s2 / x.Length - mean * mean));   // constant: σ = 0 exactly
            return new PatchStats(mean, std, lo, hi, finite);
        }
    }

    private float[][] GridDensities(List<int> valid, PatchStats[] stats)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (int j in valid)
        {
            lo = Math.Min(lo, stats[j].Min);
            hi = Math.Max(hi, stats[j].Max);
        }
        int k = Options.GridPoints;
        var grid = new float[k];
        for (int i = 0; i < k; i++) grid[i] = (float)(lo + (hi - lo) * i / (k - 1));
        var result = new float[valid.Count][];
        for (int v = 0; v < valid.Count; v++)
        {
            int j = valid[v];
            var g = new float[k];
            if (stats[j].Std > 0 && hi > lo) Density(grid, stats[j], g);
            result[v] = g;                                     // σ = 0: a constant (zero) vector
        }
        return result;
    }

    private static float[][] ValueDensities(IReadOnlyList<float[]> patches, List<int> valid, PatchStats[] stats)
    {
        var result = new float[valid.Count][];
        for (int v = 0; v < valid.Count; v++)
        {
            int j = valid[v];
            var g = new float[patches[j].Length];
            if (stats[j].Std > 0) Density(patches[j], stats[j], g);
            result[v] = g;
        }
        return result;
    }

    /// <summary>exp(−z²/2) with z = (x − μ)/σ: the normal density up to the factor 1/(σ√(2π)), which correlation ignores.</summary>
    private static void Density(ReadOnlySpan<float> x, PatchStats stats, Span<float> g)
    {
        TensorPrimitives.Subtract(x, (float)stats.Mean, g);
        TensorPrimitives.Multiply(g, (float)(1 / stats.Std), g);
        TensorPrimitives.Multiply(g, g, g);
        TensorPrimitives.Multiply(g, -0.5f, g);
        TensorPrimitives.Exp(g, g);
    }

    /// <summary>Row sums of the Pearson correlation matrix; a constant vector correlates 1 with itself, 0 with others.</summary>
    private static double[] CorrelationRowSums(float[][] vectors)
    {
        int d = vectors.Length;
        var norm = new double[d];
        for (int a = 0; a < d; a++)
        {
            float[] x = vectors[a];                            // centred in place
            if (x.Length == 0) continue;
            TensorPrimitives.Subtract(x, TensorPrimitives.Sum<float>(x) / x.Length, x);
            norm[a] = Math.Sqrt(TensorPrimitives.SumOfSquares<float>(x));
        }
        var sums = new double[d];
        for (int a = 0; a < d; a++)
        {
            sums[a] += 1;                                      // the diagonal
            for (int b = a + 1; b < d; b++)
            {
                double r = 0;
                if (norm[a] > 1e-12 && norm[b] > 1e-12)
                {
                    r = TensorPrimitives.Dot<float>(vectors[a], vectors[b]) / (norm[a] * norm[b]);
                }
                sums[a] += r;
                sums[b] += r;
            }
        }
        return sums;
    }

    private void Normalise(double[] c)
    {
        if (c.Length == 0) return;
        if (Options.Normalisation == ScoreNormalisation.MinMax)
        {
            double min = c.Min(), max = c.Max();
            for (int i = 0; i < c.Length; i++) c[i] = max > min ? (c[i] - min) / (max - min) : 1;
        }
        else
        {
            double mean = c.Average();
            double sd = Math.Sqrt(c.Sum(v => (v - mean) * (v - mean)) / c.Length);
            for (int i = 0; i < c.Length; i++) c[i] = sd > 0 ? (c[i] - mean) / sd : 0;
        }
    }
}
