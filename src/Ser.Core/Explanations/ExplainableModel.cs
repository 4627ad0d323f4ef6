using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Evaluation;
using Ser.Core.Features;
using Ser.Core.Pipeline;
using Ser.Core.Segmentation;
using Ser.Core.Torch;
using static TorchSharp.torch;

namespace Ser.Core.Explanations;

/// <summary>
/// A fitted pipeline seen by the explainers: its front-end (every stage before the <see cref="FusionEmotionModel"/>)
/// turns a clip into log-mel and patches, and the model's network scores patches in batches.
/// </summary>
internal sealed class ExplainableModel
{
    public const int PatchFrames = 96, PatchBands = 64, PatchSize = PatchFrames * PatchBands;
    private readonly TransformerChain _frontEnd;

    public ExplainableModel(TransformerChain model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int index = -1;
        for (int i = 0; i < model.Stages.Count; i++)
        {
            if (model.Stages[i] is FusionEmotionModel) index = i;
        }
        if (index < 0) throw new ArgumentException("the pipeline has no trained emotion model (FusionEmotionModel) to explain", nameof(model));
        Model = (FusionEmotionModel)model.Stages[index];
        _frontEnd = new TransformerChain(model.Stages.Take(index));
        LogMelOptions = model.Stages.OfType<LogMelStage>().FirstOrDefault()?.Options;
        if (!_frontEnd.Outputs.Any(c => c.Name == Columns.LogMel) || !_frontEnd.Outputs.Any(c => c.Name == Columns.Patches))
        {
            throw new ArgumentException("the pipeline's front-end must produce the LogMel and Patches columns (LogMel → Segment)", nameof(model));
        }
    }

    public FusionEmotionModel Model { get; }

    public nn.Module<Tensor, Tensor> Network => Model.Network;

    /// <summary>The device the network lives on; inputs are created there.</summary>
    public Device Device => Model.Device;

    public LabelSet Labels => Model.Labels;

    public int BatchSize => Math.Max(1, Model.Options.BatchSize);

    /// <summary>The log-mel options of the front-end (null when the pipeline has no LogMel stage).</summary>
    public LogMelOptions? LogMelOptions { get; }

    public (Spectrogram LogMel, IReadOnlyList<Patch> Patches) Prepare(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return Prepare(SerRow.FromClip(clip, clip.Source));
    }

    public (Spectrogram LogMel, IReadOnlyList<Patch> Patches) Prepare(SerRow row)
    {
        SerRow prepared = row.Has(Columns.LogMel) && row.Has(Columns.Patches) ? row : _frontEnd.Transform(row.Clone());
        var logMel = prepared.Get<Spectrogram>(Columns.LogMel);
        var patches = prepared.Get<IReadOnlyList<Patch>>(Columns.Patches);
        if (patches.Count == 0) throw new ArgumentException("the clip has no patches to explain (is it shorter than one patch with LastPatch = Drop?)", nameof(row));
        foreach (var p in patches)
        {
            if (p.Frames != PatchFrames || p.Bins != PatchBands) throw new ArgumentException($"patches must be {PatchFrames} × {PatchBands}, got {p.Frames} × {p.Bins}", nameof(row));
        }
        return (logMel, patches);
    }

    /// <summary>Softmax probabilities of <paramref name="count"/> patches stored back to back in <paramref name="patches"/>, (count × classes).</summary>
    public float[] PatchProbabilities(ReadOnlySpan<float> patches, int count) => PatchScores(patches, count, logits: false);

    /// <summary>Softmax probabilities, or with <paramref name="logits"/> the raw logits, (count × classes).</summary>
    public float[] PatchScores(ReadOnlySpan<float> patches, int count, bool logits)
    {
        int classes = Labels.Count;
        var all = new float[count * classes];
        TorchRuntime.EnsureInitialized();
        Device device = Device;
        using var noGrad = no_grad();
        for (int from = 0; from < count; from += BatchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(BatchSize, count - from);
            Tensor output = Network.forward(PatchTensors.FromSpan(patches.Slice(from * PatchSize, n * PatchSize), n, device));
            PatchTensors.CopyTo(logits ? output : output.softmax(1), all.AsSpan(from * classes, n * classes));
        }
        return all;
    }

    /// <summary>Clip probabilities (mean over patches) for the given patches.</summary>
    public float[] ClipProbabilities(IReadOnlyList<Patch> patches)
    {
        var x = new float[patches.Count * PatchSize];
        for (int i = 0; i < patches.Count; i++) patches[i].Data.CopyTo(x, i * PatchSize);
        return ClipAggregation.Aggregate(PatchProbabilities(x, patches.Count), Labels.Count);
    }

    /// <summary>The target class index: the given emotion (after the label set's merges), or the predicted one.</summary>
    public int TargetIndex(Emotion? target, float[] clipProbabilities)
    {
        return target is null ? ClipAggregation.ArgMax(clipProbabilities) : Labels.IndexOf(target.Value);
    }
}
