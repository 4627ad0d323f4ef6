using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Exporters.Json;
using Microsoft.ML;
using Ser.Core.MLNet;
using Ser.Core.Torch;

namespace Ser.Benchmarks;

/// <summary>
/// End-to-end scoring on one libtorch thread, through ML.NET and through the engines called directly (issue 14, item 6):
/// a 4 s, 16 kHz, 16-bit WAV file (in the OS cache) is read, turned into VGGish-preset log-mel, cut into 96 × 64
/// patches (hop 48: 7 patches), and the fusion network scores them in one batch and averages the patch probabilities.
/// <see cref="PredictionEngineClip4s"/> does it through <c>mlContext.Model.CreatePredictionEngine</c> on the fitted
/// pipeline; <see cref="EnginesClip4s"/> calls the reader, the log-mel and the segmenter into reused buffers
/// (<see cref="EngineFrontEnd"/>) and <see cref="FusionEmotionModel.Score"/> itself: their ratio is the cost of the
/// IDataView path. The Batch methods score 32 such clips (throughput = 32 / time). The model is trained for one epoch on
/// generated speech, so the work equals a real model's; <see cref="Width"/> picks the trainer's default widths (VGGish
/// 0.25, YAMNet 0.25) or full width (1, 1). Peak resident memory from the end of setup (Linux's VmHWM, reset through
/// /proc/self/clear_refs) is printed as "// peak RSS", which scripts/bench-scoring.sh collects.
/// </summary>
[MemoryDiagnoser]
[JsonExporterAttribute.Full]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class ScoringBenchmarks
{
    private string[] _clips = [];
    private PredictionEngine<AudioFileInput, EmotionPrediction> _engine = null!;
    private FusionEmotionModel _network = null!;
    private EngineFrontEnd _frontEnd = null!;

    /// <summary>"default" (VGGish 0.25, YAMNet 0.25: the trainer's defaults) or "full" (both 1).</summary>
    [Params("default", "full")]
    public string Width { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 1);
        var model = BenchmarkModels.Fusion(Width, ml);
        _engine = ml.Model.CreatePredictionEngine<AudioFileInput, EmotionPrediction>(model);
        _network = BenchmarkModels.Network(model);
        _frontEnd = new EngineFrontEnd();
        _clips = BenchmarkModels.Clips4s();
        File.WriteAllText("/proc/self/clear_refs", "5"); // peak RSS restarts here: training the stand-in model is not scoring
        Console.WriteLine($"// RSS after setup ({Width}): {BenchmarkModels.Status("VmRSS:")}");
    }

    /// <summary>One 4 s clip through the fitted ML.NET pipeline's prediction engine.</summary>
    [Benchmark]
    public EmotionPrediction PredictionEngineClip4s() => _engine.Predict(new AudioFileInput { Path = _clips[0] });

    /// <summary>One 4 s clip through the engines called directly: read, log-mel, patches, network.</summary>
    [Benchmark(Baseline = true)]
    public float[] EnginesClip4s() => Engines(_clips[0]);

    /// <summary>32 clips of 4 s (128 s of audio) through the prediction engine, one after another on one thread.</summary>
    [Benchmark(OperationsPerInvoke = 32)]
    public void PredictionEngineBatchOf32()
    {
        foreach (var clip in _clips) _engine.Predict(new AudioFileInput { Path = clip });
    }

    /// <summary>32 clips of 4 s through the engines, one after another on one thread.</summary>
    [Benchmark(OperationsPerInvoke = 32)]
    public void EnginesBatchOf32()
    {
        foreach (var clip in _clips) Engines(clip);
    }

    private float[] Engines(string path)
    {
        var (patches, count) = _frontEnd.Patches(path);
        return _network.Score(patches, count);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// peak RSS ({Width}): {BenchmarkModels.Status("VmHWM:")}");
        _engine.Dispose();
        _network.ReleaseNetwork();
    }
}
