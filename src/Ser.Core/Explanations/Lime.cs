using MathNet.Numerics.LinearAlgebra;
using Ser.Core.Features;
using Microsoft.ML;
using Ser.Core.Segmentation;

namespace Ser.Core.Explanations;

/// <summary>
/// LIME (Ribeiro et al.) on time–frequency superpixels: the clip's log-mel is cut into a grid of regions; each sample
/// keeps every region with <see cref="LimeOptions.KeepProbability"/> and fills the others in every patch
/// (<see cref="LimeOptions.Fill"/>); the samples' clip probabilities (mean over patches) are computed in batches; a
/// ridge regression (MathNet), weighted by exp(−d²/w²) of the cosine distance d to the unperturbed clip, explains the
/// target probability by the regions' presence. Deterministic for a seed.
/// </summary>
public sealed class Lime : ClipExplainer<LimeExplanation>
{
    /// <summary>Explains <paramref name="model"/>: a fitted pipeline that ends with a trained emotion model.</summary>
    public Lime(ITransformer model, LimeOptions? options = null)
        : base(model)
    {
        Options = options ?? new LimeOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public LimeOptions Options { get; }

    private protected override LimeExplanation Explain(Spectrogram logMel, IReadOnlyList<Patch> patches, float[] probabilities, int cls)
    {
        int classes = Model.Labels.Count;
        int rowsOfRegions = (logMel.Frames + Options.RegionFrames - 1) / Options.RegionFrames;
        int colsOfRegions = (logMel.Bins + Options.RegionBands - 1) / Options.RegionBands;
        int features = rowsOfRegions * colsOfRegions;
        var random = new Random(Options.Seed);

        // Sample 0 is the unperturbed clip (LIME's convention); the rest switch regions off at random.
        var z = new bool[Options.Samples, features];
        for (int j = 0; j < features; j++) z[0, j] = true;
        for (int s = 1; s < Options.Samples; s++)
        {
            for (int j = 0; j < features; j++) z[s, j] = random.NextDouble() < Options.KeepProbability;
        }

        var moments = patches.Select(p => PatchMasking.Moments(p.Data)).ToArray();
        var y = new double[Options.Samples];
        int perBatch = Math.Max(1, Model.BatchSize / patches.Count) * patches.Count;
        int samplesPerBatch = perBatch / patches.Count;
        var batch = new float[perBatch * ExplainableModel.PatchSize];
        for (int first = 0; first < Options.Samples; first += samplesPerBatch)
        {
            int n = Math.Min(samplesPerBatch, Options.Samples - first);
            for (int s = 0; s < n; s++)
            {
                for (int p = 0; p < patches.Count; p++)
                {
                    Span<float> copy = batch.AsSpan((s * patches.Count + p) * ExplainableModel.PatchSize, ExplainableModel.PatchSize);
                    patches[p].Data.CopyTo(copy);
                    MaskPatch(copy, patches[p], z, first + s, colsOfRegions, moments[p], random);
                }
            }
            float[] scored = Model.PatchProbabilities(batch, n * patches.Count);
            for (int s = 0; s < n; s++)
            {
                double sum = 0;
                for (int p = 0; p < patches.Count; p++) sum += scored[(s * patches.Count + p) * classes + cls];
                y[first + s] = sum / patches.Count;
            }
        }

        var (coefficients, intercept, score) = Fit(z, y, features);
        var regions = new LimeRegion[features];
        var data = new float[logMel.Frames * logMel.Bins];
        for (int r = 0; r < rowsOfRegions; r++)
        {
            for (int c = 0; c < colsOfRegions; c++)
            {
                int j = r * colsOfRegions + c;
                int t0 = r * Options.RegionFrames, t1 = Math.Min(logMel.Frames, t0 + Options.RegionFrames);
                int b0 = c * Options.RegionBands, b1 = Math.Min(logMel.Bins, b0 + Options.RegionBands);
                regions[j] = new LimeRegion(t0, t1, b0, b1, coefficients[j]);
                for (int t = t0; t < t1; t++)
                {
                    for (int b = b0; b < b1; b++) data[t * logMel.Bins + b] = (float)coefficients[j];
                }
            }
        }
        var map = Map("LIME", data, logMel, patches, probabilities, cls, []);
        return new LimeExplanation(map, regions, Options.TopK, intercept, score);
    }

    private void MaskPatch(Span<float> copy, Patch patch, bool[,] z, int sample, int colsOfRegions, (float, float) moments, Random random)
    {
        int valid = patch.ValidFrames;
        for (int t = 0; t < valid;)
        {
            int frame = patch.StartFrame + t;
            int r = frame / Options.RegionFrames;
            int t1 = Math.Min(valid, (r + 1) * Options.RegionFrames - patch.StartFrame);
            for (int c = 0; c < colsOfRegions; c++)
            {
                if (z[sample, r * colsOfRegions + c]) continue;
                int b0 = c * Options.RegionBands, b1 = Math.Min(64, b0 + Options.RegionBands);
                PatchMasking.Fill(copy, 64, t, t1, b0, b1, Options.Fill, moments, random);
            }
            t = t1;
        }
    }

    /// <summary>Kernel-weighted ridge regression of y on the binary design (intercept not penalised): coefficients, intercept, weighted R².</summary>
    private (double[] Coefficients, double Intercept, double Score) Fit(bool[,] z, double[] y, int features)
    {
        int n = y.Length;
        var weights = new double[n];
        for (int s = 0; s < n; s++)
        {
            int on = 0;
            for (int j = 0; j < features; j++) on += z[s, j] ? 1 : 0;
            double cosine = on == 0 ? 0 : on / (Math.Sqrt(on) * Math.Sqrt(features));   // against the all-ones vector
            double d = 1 - cosine;
            weights[s] = Math.Sqrt(Math.Exp(-d * d / (Options.KernelWidth * Options.KernelWidth)));
        }
        // Centre by the weighted means so that the intercept is free, then solve (XᵀWX + λI)β = XᵀWy.
        double wsum = weights.Sum(), ymean = 0;
        var xmean = new double[features];
        for (int s = 0; s < n; s++)
        {
            ymean += weights[s] * y[s];
            for (int j = 0; j < features; j++) if (z[s, j]) xmean[j] += weights[s];
        }
        ymean /= wsum;
        for (int j = 0; j < features; j++) xmean[j] /= wsum;
        var x = Matrix<double>.Build.Dense(n, features, (s, j) => ((z[s, j] ? 1 : 0) - xmean[j]) * Math.Sqrt(weights[s]));
        var yc = Vector<double>.Build.Dense(n, s => (y[s] - ymean) * Math.Sqrt(weights[s]));
        var gram = x.TransposeThisAndMultiply(x) + Matrix<double>.Build.DenseIdentity(features) * Options.Ridge;
        var beta = gram.Cholesky().Solve(x.TransposeThisAndMultiply(yc));
        double intercept = ymean;
        for (int j = 0; j < features; j++) intercept -= beta[j] * xmean[j];
        var residual = yc - x * beta;
        double total = yc.DotProduct(yc);
        double score = total > 0 ? 1 - residual.DotProduct(residual) / total : 1;
        return (beta.ToArray(), intercept, score);
    }
}
