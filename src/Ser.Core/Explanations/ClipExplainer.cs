using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Features;
using Microsoft.ML;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;

namespace Ser.Core.Explanations;

/// <summary>
/// What every explainer shares: it wraps a fitted ML.NET pipeline that holds a trained <see cref="FusionEmotionModel"/>,
/// turns a clip into log-mel and patches as the pipeline's LogMel and SegmentPatches stages do, scores the clip and picks
/// the target class (default: the predicted one) before the method's own work. (To explain scored rows of an
/// <see cref="IDataView"/>, use the ML.NET explainer transforms, e.g. <see cref="MLNet.GradCamExplainer"/>.)
/// </summary>
/// <typeparam name="TResult">The explanation type.</typeparam>
public abstract class ClipExplainer<TResult>
{
    /// <exception cref="ArgumentException">The pipeline has no emotion model, or its front-end does not give 96 × 64 patches.</exception>
    private protected ClipExplainer(ITransformer model) => Model = new ExplainableModel(model);

    private protected ExplainableModel Model { get; }

    /// <summary>The front-end's log-mel settings (the grid every map lies on).</summary>
    public LogMelOptions FrontEnd => Model.LogMelOptions;

    /// <summary>The model explained.</summary>
    public FusionEmotionModel EmotionModel => Model.Model;

    /// <summary>Explains the clip's decision for <paramref name="target"/> (default: the predicted class).</summary>
    /// <exception cref="UnknownLabelException">The model has no class <paramref name="target"/>.</exception>
    public TResult Explain(AudioClip clip, Emotion? target = null)
    {
        var (logMel, patches) = Model.Prepare(clip);
        return Explain(logMel, patches, target);
    }

    /// <summary>Explains a clip given as its log-mel (cut into patches as the pipeline does).</summary>
    public TResult Explain(Spectrogram logMel, Emotion? target = null)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        return Explain(logMel, Model.Segment(logMel, "<log-mel>"), target);
    }

    /// <summary>Explains a clip given as its log-mel and patches (from the pipeline's front-end).</summary>
    public TResult Explain(Spectrogram logMel, IReadOnlyList<Patch> patches, Emotion? target = null)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        ArgumentNullException.ThrowIfNull(patches);
        if (patches.Count == 0) throw new ArgumentException("the clip has no patches to explain", nameof(patches));
        float[] probabilities = Model.ClipProbabilities(patches);
        return Explain(logMel, patches, probabilities, Model.TargetIndex(target, probabilities));
    }

    /// <summary>The method's work for class index <paramref name="cls"/>, given the clip probabilities.</summary>
    private protected abstract TResult Explain(Spectrogram logMel, IReadOnlyList<Patch> patches, float[] probabilities, int cls);

    /// <summary>Wraps a map over the clip with the model's classes, the target and the front-end.</summary>
    private protected ExplanationMap Map(string method, float[] data, Spectrogram logMel, IReadOnlyList<Patch> patches, float[] probabilities, int cls,
        IReadOnlyList<float[]> patchMaps) =>
        new(method, data, logMel, Model.Labels[cls], probabilities, Model.Labels.Classes, patchMaps, patches.Select(p => p.StartFrame).ToArray(), Model.LogMelOptions);
}
