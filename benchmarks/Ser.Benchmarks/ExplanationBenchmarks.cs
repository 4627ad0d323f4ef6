using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Exporters.Json;
using Ser.Core.Explanations;
using Ser.Core.Features;
using Microsoft.ML;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Benchmarks;

/// <summary>
/// Explanation speed on one libtorch thread (issue 6, item 7), for a 4 s clip (7 patches) and the fusion network at
/// <see cref="Width"/>. <see cref="ForwardBackward"/> is the yardstick: one forward pass of the clip's 7 patches with
/// gradients recorded and a full backward pass (parameter gradients included) of the summed target logits.
/// <see cref="GradCam"/> is the explainer on the same patches (the clip probabilities, then Grad-CAM at VGGish conv4_2,
/// stitching and normalisation). Occlusion (16 × 16 windows, stride 8) is reported as well; LIME is in
/// <see cref="LimeBenchmarks"/> (fewer iterations: 7000 patch forwards per call).
/// The log-mel and patches are computed in setup, so every method times the network work.
/// </summary>
[MemoryDiagnoser]
[JsonExporterAttribute.Full]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class ExplanationBenchmarks
{
    private ITransformer _model = null!;
    private GradCam _gradCam = null!;
    private Occlusion _occlusion = null!;
    private Spectrogram _logMel = null!;
    private IReadOnlyList<Patch> _patches = [];
    private float[] _batch = [];

    /// <summary>"default" (VGGish 0.25, YAMNet 0.25: the trainer's defaults) or "full" (both 1).</summary>
    [Params("default", "full")]
    public string Width { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkModels.Fusion(Width, new MLContext(seed: 1));
        _gradCam = new GradCam(_model);
        _occlusion = new Occlusion(_model);
        (_logMel, _patches) = BenchmarkModels.FrontEnd(_model);
        _batch = _patches.SelectMany(p => p.Data).ToArray();
    }

    /// <summary>Forward (gradients recorded) + full backward of the 7 patches: the reference cost.</summary>
    [Benchmark(Baseline = true)]
    public void ForwardBackward()
    {
        var network = BenchmarkModels.Network(_model).Network;
        using var scope = torch.NewDisposeScope();
        using var grad = torch.enable_grad();
        Tensor logits = network.forward(Ser.Core.Torch.PatchTensors.FromSpan(_batch, _patches.Count));
        logits.select(1, 0).sum().backward();
        network.zero_grad();
    }

    /// <summary>Grad-CAM of the 4 s clip for its predicted class.</summary>
    [Benchmark]
    public ExplanationMap GradCam() => _gradCam.Explain(_logMel, _patches);

    /// <summary>Occlusion map of the 4 s clip (77 windows per patch).</summary>
    [Benchmark]
    public ExplanationMap Occlusion() => _occlusion.Explain(_logMel, _patches);

    [GlobalCleanup]
    public void Cleanup() => BenchmarkModels.Network(_model).ReleaseNetwork();
}

/// <summary>LIME (1000 samples, 24 × 16 regions) of a 4 s clip on one libtorch thread: 7000 patch forwards per call.</summary>
[MemoryDiagnoser]
[JsonExporterAttribute.Full]
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class LimeBenchmarks
{
    private ITransformer _model = null!;
    private Lime _lime = null!;
    private Spectrogram _logMel = null!;
    private IReadOnlyList<Patch> _patches = [];

    /// <summary>"default" (VGGish 0.25, YAMNet 0.25: the trainer's defaults) or "full" (both 1).</summary>
    [Params("default", "full")]
    public string Width { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkModels.Fusion(Width, new MLContext(seed: 1));
        _lime = new Lime(_model);
        (_logMel, _patches) = BenchmarkModels.FrontEnd(_model);
    }

    /// <summary>LIME of the 4 s clip for its predicted class.</summary>
    [Benchmark]
    public LimeExplanation Lime() => _lime.Explain(_logMel, _patches);

    [GlobalCleanup]
    public void Cleanup() => BenchmarkModels.Network(_model).ReleaseNetwork();
}
