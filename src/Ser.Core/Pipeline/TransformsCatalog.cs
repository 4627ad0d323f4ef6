using Ser.Core.Features;
using Ser.Core.Segmentation;
using Ser.Core.Selection;

namespace Ser.Core.Pipeline;

/// <summary>Creates front-end stages: <c>ser.Transforms.LogMel(...)</c>, <c>ser.Transforms.Segment(...)</c>.</summary>
public sealed class TransformsCatalog
{
    internal TransformsCatalog(SerContext context) => Context = context;

    /// <summary>The owning context.</summary>
    public SerContext Context { get; }

    /// <summary>Log-mel spectrogram of the <see cref="Columns.Audio"/> column into <see cref="Columns.LogMel"/>.</summary>
    /// <param name="options">Settings; <see cref="LogMelOptions.VGGish"/> when null.</param>
    public LogMelStage LogMel(LogMelOptions? options = null) => new(options ?? LogMelOptions.VGGish);

    /// <summary>Overlapping patches of the <see cref="Columns.LogMel"/> column into <see cref="Columns.Patches"/>.</summary>
    /// <param name="frames">Frames per patch (default 96).</param>
    /// <param name="hop">Frames between patch starts (default 48).</param>
    /// <param name="lastPatch">Handling of the last partial patch (default zero padding).</param>
    public SegmentStage Segment(int frames = 96, int hop = 48, PartialPatchPolicy lastPatch = PartialPatchPolicy.ZeroPad)
        => new(new PatchOptions { Frames = frames, Hop = hop, LastPatch = lastPatch });

    /// <summary>Gaussian data selection of the <see cref="Columns.Patches"/> column (training data).</summary>
    /// <param name="threshold">Keep patches whose normalised score is above this (default 0.1).</param>
    public SelectGaussianStage SelectGaussian(double threshold = 0.1) => new(new GaussianSelectionOptions { Threshold = threshold });

    /// <summary>Gaussian data selection with every option.</summary>
    public SelectGaussianStage SelectGaussian(GaussianSelectionOptions options) => new(options);

    /// <summary>
    /// A Grad-CAM stage for a fitted pipeline: adds <see cref="Columns.Explanation"/> (an <see cref="Explanations.ExplanationMap"/>
    /// for the predicted class) to each row, reusing the row's LogMel and Patches when present. Not saved in model files.
    /// </summary>
    public Explanations.GradCamStage GradCam(TransformerChain model, Explanations.GradCamOptions? options = null) => new(new Explanations.GradCamExplainer(model, options));
}
