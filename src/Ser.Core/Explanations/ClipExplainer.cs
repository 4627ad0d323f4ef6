using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Features;
using Ser.Core.Pipeline;
using Ser.Core.Segmentation;

namespace Ser.Core.Explanations;

/// <summary>
/// What every explainer shares: it wraps a fitted pipeline (a front-end followed by a trained
/// <see cref="FusionEmotionModel"/>), turns a clip or a row into log-mel and patches, scores the clip and picks the
/// target class (default: the predicted one) before the method's own work.
/// </summary>
/// <typeparam name="TResult">The explanation type.</typeparam>
public abstract class ClipExplainer<TResult>
{
    /// <exception cref="ArgumentException">The pipeline has no emotion model, or no LogMel/Patches front-end.</exception>
    private protected ClipExplainer(TransformerChain model) => Model = new ExplainableModel(model);

    private protected ExplainableModel Model { get; }

    /// <summary>Explains the clip's decision for <paramref name="target"/> (default: the predicted class).</summary>
    /// <exception cref="UnknownLabelException">The model has no class <paramref name="target"/>.</exception>
    public TResult Explain(AudioClip clip, Emotion? target = null)
    {
        var (logMel, patches) = Model.Prepare(clip);
        return Explain(logMel, patches, target);
    }

    /// <summary>Explains a row: its LogMel and Patches when present, else its Audio through the pipeline's front-end.</summary>
    public TResult Explain(SerRow row, Emotion? target = null)
    {
        var (logMel, patches) = Model.Prepare(row);
        return Explain(logMel, patches, target);
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
