using Ser.Core.Features;
using Ser.Core.Networks;
using Microsoft.ML;
using Ser.Core.Segmentation;
using Ser.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Core.Explanations;

/// <summary>
/// Grad-CAM (Selvaraju et al.) for a fitted pipeline: for each 96 × 64 patch of a clip, the activations A of the
/// chosen layer are weighted by the spatial mean of ∂score/∂A, summed over channels and passed through ReLU;
/// the map is upsampled bilinearly (align_corners = false) to 96 × 64, and the patch maps are stitched over the
/// clip's log-mel (overlaps averaged) and normalised to a maximum of 1. The score is the logit of the target class
/// (default: the clip's predicted class). All patches of a batch share one backward pass from the scores to the
/// layer (the layers below it run without recording gradients). Safe to call from many threads.
/// </summary>
public sealed class GradCam : ClipExplainer<ExplanationMap>
{
    private readonly ICamNetwork _network;
    private readonly CamLayer _layer;

    /// <summary>Explains <paramref name="model"/>: a fitted pipeline that ends with a trained emotion model.</summary>
    /// <exception cref="ArgumentException">The pipeline has no emotion model, its network cannot expose the layer, or it has no log-mel/patch front-end.</exception>
    public GradCam(ITransformer model, GradCamOptions? options = null)
        : base(model)
    {
        Options = options ?? new GradCamOptions();
        _network = Model.Network as ICamNetwork
            ?? throw new ArgumentException($"the network ({Model.Network.GetType().Name}) does not support Grad-CAM (ICamNetwork)", nameof(model));
        _layer = Options.Layer == CamLayer.Default ? _network.DefaultCamLayer : Options.Layer;
        if (!_network.HasCamLayer(_layer)) throw new ArgumentException($"the network ({Model.Network.GetType().Name}) has no {_layer} layer", nameof(options));
    }

    /// <summary>The options.</summary>
    public GradCamOptions Options { get; }

    /// <summary>The layer used.</summary>
    public CamLayer Layer => _layer;

    private protected override ExplanationMap Explain(Spectrogram logMel, IReadOnlyList<Patch> patches, float[] probabilities, int cls)
    {
        var maps = PatchMaps(patches, cls);
        float[] stitched = PatchStitcher.Stitch(patches, Options.NormaliseEachPatch ? maps.Select(m => PatchStitcher.NormaliseToMax((float[])m.Clone())).ToArray() : maps,
            logMel.Frames, logMel.Bins);
        return Map($"Grad-CAM ({_layer})", PatchStitcher.NormaliseToMax(stitched), logMel, patches, probabilities, cls, maps);
    }

    /// <summary>Raw (unnormalised) 96 × 64 Grad-CAM maps of patches for class index <paramref name="cls"/>.</summary>
    internal float[][] PatchMaps(IReadOnlyList<Patch> patches, int cls)
    {
        var x = new float[patches.Count * ExplainableModel.PatchSize];
        for (int i = 0; i < patches.Count; i++) patches[i].Data.CopyTo(x, i * ExplainableModel.PatchSize);
        return PatchMaps(x, patches.Count, cls);
    }

    /// <summary>Raw Grad-CAM maps of <paramref name="count"/> patches stored back to back.</summary>
    internal float[][] PatchMaps(float[] patches, int count, int cls)
    {
        TorchRuntime.EnsureInitialized();
        Device device = Model.Device;
        var maps = new float[count][];
        for (int from = 0; from < count; from += Model.BatchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(Model.BatchSize, count - from);
            var input = PatchTensors.FromSpan(patches.AsSpan(from * ExplainableModel.PatchSize, n * ExplainableModel.PatchSize), n, device);
            Tensor logits = _network.ForwardFromCamLayer(input, _layer, out Tensor activation);
            Tensor grad;
            using (enable_grad())
            {
                // Patches are independent in evaluation mode, so the gradient of the summed scores is each patch's own.
                grad = torch.autograd.grad(new[] { logits.select(1, cls).sum() }, new[] { activation })[0];
            }
            using var noGrad = no_grad();
            Tensor weights = grad.mean(new long[] { 2, 3 }, keepdim: true);                                  // (n, K, 1, 1)
            Tensor cam = (weights * activation).sum(1, keepdim: true).relu();                              // (n, 1, h, w)
            Tensor up = nn.functional.interpolate(cam, new long[] { 96, 64 }, mode: InterpolationMode.Bilinear, align_corners: false);  // (n, 1, 96, 64)
            var values = PatchTensors.ToArray(up);
            for (int i = 0; i < n; i++) maps[from + i] = values.AsSpan(i * ExplainableModel.PatchSize, ExplainableModel.PatchSize).ToArray();
        }
        return maps;
    }
}
