using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Exporters.Json;
using Ser.Core.Audio;
using Ser.Core.Pipeline;
using Ser.Core.Training;

namespace Ser.Benchmarks;

/// <summary>
/// End-to-end scoring on one libtorch thread (issue 5, item 7): a 4 s, 16 kHz, 16-bit WAV held in memory is decoded,
/// turned into VGGish-preset log-mel, cut into 96 × 64 patches (hop 48: 7 patches), and the fusion network scores
/// them in one batch (evaluation mode, no gradients) and averages the patch probabilities. The model is a fitted
/// pipeline trained for one epoch on generated speech, so the work equals a real model's. <see cref="Width"/>
/// picks the demo's widths (VGGish 0.125, YAMNet 0.25) or full width (VGGish 1, pretrained-size YAMNet 1).
/// <see cref="ScoreBatchOf32"/> scores 32 such clips through <see cref="PredictionEngine"/> on one thread
/// (throughput = 32 / time). Peak resident memory of the benchmark process from the end of setup to the end of the
/// run (Linux's VmHWM, reset through /proc/self/clear_refs) is printed as "// peak RSS", which
/// scripts/bench-scoring.sh collects.
/// </summary>
[MemoryDiagnoser]
[JsonExporterAttribute.Full]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class ScoringBenchmarks
{
    private const int Seconds = 4;
    private byte[] _wav = [];
    private AudioClip[] _batch = [];
    private PredictionEngine _engine = null!;
    private TransformerChain _model = null!;

    /// <summary>"demo" (VGGish 0.125, YAMNet 0.25) or "full" (both 1).</summary>
    [Params("demo", "full")]
    public string Width { get; set; } = "demo";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkModels.Fusion(Width);
        _engine = new SerContext().Model.CreatePredictionEngine(_model);
        _batch = BenchmarkModels.Clips4s();
        using var ms = new MemoryStream();
        WavWriter.Write(ms, _batch[0]);
        _wav = ms.ToArray();
        File.WriteAllText("/proc/self/clear_refs", "5"); // peak RSS restarts here: training the stand-in model is not scoring
        Console.WriteLine($"// RSS after setup ({Width}): {Status("VmRSS:")}");
    }

    private static string Status(string key) => BenchmarkModels.Status(key);

    /// <summary>Decode → log-mel → patches → fusion forward → clip probabilities, one 4 s clip.</summary>
    [Benchmark]
    public EmotionPrediction ScoreClip4s()
    {
        using var ms = new MemoryStream(_wav, writable: false);
        return _engine.Predict(AudioClip.Load(ms, "clip.wav"));
    }

    /// <summary>32 clips of 4 s (128 s of audio), one after another on one thread.</summary>
    [Benchmark(OperationsPerInvoke = 32)]
    public void ScoreBatchOf32()
    {
        foreach (var clip in _batch) _engine.Predict(clip);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// peak RSS ({Width}): {Status("VmHWM:")}");
        ((FusionEmotionModel)_model.Stages[^1]).Dispose();
    }
}
