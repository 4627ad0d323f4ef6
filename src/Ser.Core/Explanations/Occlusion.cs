using Ser.Core.Features;
using Microsoft.ML;
using Ser.Core.Segmentation;

namespace Ser.Core.Explanations;

/// <summary>
/// Occlusion sensitivity (Zeiler and Fergus): a window slides over each 96 × 64 patch (the last position is aligned to
/// the edge, so every cell is covered); each position is masked, all masked copies are scored in batches, and each
/// cell gets the mean drop of the target class's probability over the windows that cover it. The patch maps are
/// stitched over the clip (overlaps averaged); negative drops are set to 0 and the map is normalised to a maximum of 1.
/// </summary>
public sealed class Occlusion : ClipExplainer<ExplanationMap>
{
    /// <summary>Explains <paramref name="model"/>: a fitted pipeline that ends with a trained emotion model.</summary>
    public Occlusion(ITransformer model, OcclusionOptions? options = null)
        : base(model)
    {
        Options = options ?? new OcclusionOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public OcclusionOptions Options { get; }

    /// <summary>Window positions per patch.</summary>
    public int WindowsPerPatch => Positions(96, Options.WindowFrames, Options.StrideFrames).Count * Positions(64, Options.WindowBands, Options.StrideBands).Count;

    private protected override ExplanationMap Explain(Spectrogram logMel, IReadOnlyList<Patch> patches, float[] probabilities, int cls)
    {
        int classes = Model.Labels.Count;
        var rows = Positions(96, Options.WindowFrames, Options.StrideFrames);
        var cols = Positions(64, Options.WindowBands, Options.StrideBands);
        int windows = rows.Count * cols.Count;
        var random = new Random(Options.Seed);
        var maps = new float[patches.Count][];
        var masked = new float[windows * ExplainableModel.PatchSize];
        for (int p = 0; p < patches.Count; p++)
        {
            float[] data = patches[p].Data;
            var moments = PatchMasking.Moments(data);
            int w = 0;
            foreach (int t0 in rows)
            {
                foreach (int b0 in cols)
                {
                    Span<float> copy = masked.AsSpan(w++ * ExplainableModel.PatchSize, ExplainableModel.PatchSize);
                    data.CopyTo(copy);
                    PatchMasking.Fill(copy, 64, t0, t0 + Options.WindowFrames, b0, b0 + Options.WindowBands, Options.Fill, moments, random);
                }
            }
            bool logOdds = Options.Score == OcclusionScore.LogOdds;
            float original = Score(Model.PatchScores(data, 1, logOdds), 0, classes, cls);
            float[] scored = Model.PatchScores(masked, windows, logOdds);
            var sum = new float[ExplainableModel.PatchSize];
            var count = new int[ExplainableModel.PatchSize];
            w = 0;
            foreach (int t0 in rows)
            {
                foreach (int b0 in cols)
                {
                    float drop = original - Score(scored, w++, classes, cls);
                    for (int t = t0; t < t0 + Options.WindowFrames; t++)
                    {
                        for (int b = b0; b < b0 + Options.WindowBands; b++)
                        {
                            sum[t * 64 + b] += drop;
                            count[t * 64 + b]++;
                        }
                    }
                }
            }
            for (int i = 0; i < sum.Length; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : 0;
            maps[p] = sum;
        }
        float[] stitched = PatchStitcher.Stitch(patches, maps, logMel.Frames, logMel.Bins);
        for (int i = 0; i < stitched.Length; i++) stitched[i] = Math.Max(0, stitched[i]);
        return Map("occlusion", PatchStitcher.NormaliseToMax(stitched), logMel, patches, probabilities, cls, maps);
    }

    /// <summary>Row <paramref name="row"/>'s score: the probability, or the log-odds z_c − ln Σ_{j≠c} e^{z_j} from logits.</summary>
    private float Score(float[] scores, int row, int classes, int cls)
    {
        var z = scores.AsSpan(row * classes, classes);
        if (Options.Score == OcclusionScore.Probability) return z[cls];
        float max = float.NegativeInfinity;
        for (int j = 0; j < classes; j++) if (j != cls) max = Math.Max(max, z[j]);
        double sum = 0;
        for (int j = 0; j < classes; j++) if (j != cls) sum += Math.Exp(z[j] - max);
        return (float)(z[cls] - max - Math.Log(sum));
    }

    /// <summary>Window starts along one axis: every stride, plus one aligned to the end.</summary>
    internal static List<int> Positions(int length, int window, int stride)
    {
        var starts = new List<int>();
        for (int s = 0; s + window <= length; s += stride) starts.Add(s);
        if (starts.Count == 0 || starts[^1] + window < length) starts.Add(length - window);
        return starts;
    }
}
