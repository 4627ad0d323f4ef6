using Microsoft.ML;
using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Evaluation;
using Ser.Core.Features;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;
using Ser.Core.Torch;
using static TorchSharp.torch;

namespace Ser.Core.Explanations;

/// <summary>
/// A fitted ML.NET pipeline seen by the explainers: its trained <see cref="FusionEmotionModel"/> scores patches in batches,
/// and the front-end its LogMel and SegmentPatches stages describe (VGGish's log-mel and 96 × 64 patches, hop 48, when
/// the pipeline has none) turns a clip into log-mel and patches.
/// </summary>
internal sealed class ExplainableModel
{
    public const int PatchFrames = PatchTensors.Frames, PatchBands = PatchTensors.Bands, PatchSize = PatchTensors.Size;
    private readonly LogMel _logMel;
    private readonly PatchSegmenter _segmenter;

    public ExplainableModel(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var stages = SerModelFile.Flatten(model).ToList();
        int index = stages.FindLastIndex(s => s is FusionEmotionModel);
        if (index < 0) throw new ArgumentException("the pipeline has no trained emotion model (FusionEmotionModel) to explain", nameof(model));
        Model = (FusionEmotionModel)stages[index];
        var front = stages.Take(index).ToList();
        _logMel = front.OfType<LogMelTransform>().LastOrDefault()?.Engine ?? new LogMel(LogMelOptions.VGGish);   // the pipeline's own engine
        var patches = front.OfType<PatchSegmentationTransform>().LastOrDefault()?.Settings.Patches ?? new PatchOptions();
        if (LogMelOptions.MelBands != PatchBands || patches.Frames != PatchFrames)
            throw new ArgumentException($"the pipeline's front-end gives {patches.Frames} × {LogMelOptions.MelBands} patches; the networks take {PatchFrames} × {PatchBands}", nameof(model));
        _segmenter = new PatchSegmenter(patches);
    }

    public FusionEmotionModel Model { get; }

    public nn.Module<Tensor, Tensor> Network => Model.Network;

    /// <summary>The device the network lives on; inputs are created there.</summary>
    public Device Device => Model.Device;

    public LabelSet Labels => Model.Labels;

    public int BatchSize => Model.BatchSize;

    /// <summary>The log-mel options of the front-end.</summary>
    public LogMelOptions LogMelOptions => _logMel.Options;

    /// <summary>The clip's log-mel and patches, as the pipeline computes them.</summary>
    public (Spectrogram LogMel, IReadOnlyList<Patch> Patches) Prepare(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var logMel = _logMel.Compute(clip);
        return (logMel, Segment(logMel, clip.Source));
    }

    /// <summary>The patches of a log-mel spectrogram, as the pipeline cuts them.</summary>
    public IReadOnlyList<Patch> Segment(Spectrogram logMel, string clipId)
    {
        var patches = _segmenter.Segment(logMel, clipId);
        if (patches.Count == 0) throw new ArgumentException("the clip has no patches to explain (is it shorter than one patch with LastPatch = Drop?)", nameof(logMel));
        return patches;
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
