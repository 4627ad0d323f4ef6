using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Ser.Torch;
using Ser.Torch.NN;
using Ser.Torch.Optim;

namespace Ser.Torch.Benchmarks;

/// <summary>One-shot configuration for long operations (a training step takes up to seconds).</summary>
public sealed class TrainingConfig : ManualConfig
{
    public TrainingConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1)
            .WithEnvironmentVariable("OMP_WAIT_POLICY", Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE"));
        AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray());
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
        AddExporter(BenchmarkDotNet.Exporters.Json.JsonExporter.Full);
    }
}

/// <summary>Adam training step, cross-entropy, batch 32 of 1×96×64, 4 classes (the models of ../shared/reference/models.py).</summary>
/// <summary>Model × thread-count parameters shared by the network benchmarks.</summary>
public abstract class ModelBenchmarkBase
{
    [Params("vggish", "yamnet", "fusion")] public string Model { get; set; } = "yamnet";
    [Params(1, 2)] public int Threads { get; set; } = 1;

    /// <summary>Sets the thread count and builds the model (seed 0) in training or evaluation mode.</summary>
    protected Module<Tensor, Tensor> BuildModel(bool training)
    {
        Torch.Threads = Threads;
        var model = ReferenceModels.Build(Model);
        model.Train(training);
        return model;
    }
}

[Config(typeof(TrainingConfig))]
[MemoryDiagnoser]
public class TrainingStepBenchmarks : ModelBenchmarkBase
{
    private Module<Tensor, Tensor> _model = null!;
    private Adam _adam = null!;
    private Tensor _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = BuildModel(training: true);
        _adam = new Adam(_model.Parameters(), 1e-4);
        Torch.ManualSeed(1);
        _x = DisposeScope.Detach(Torch.Randn(new long[] { 32, 1, 96, 64 }));
        _y = DisposeScope.Detach(Torch.RandInt(0, 4, new long[] { 32 }));
    }

    [Benchmark]
    public float TrainStep()
    {
        _adam.ZeroGrad();
        using var logits = _model.Forward(_x);
        using var loss = Losses.CrossEntropy(logits, _y);
        loss.Backward();
        _adam.Step();
        return 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _adam.Dispose();
        _model.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}

/// <summary>Batch-1 inference latency (eval, no-grad).</summary>
[Config(typeof(TrainingConfig))]
public class InferenceBenchmarks : ModelBenchmarkBase
{
    private Module<Tensor, Tensor> _model = null!;
    private Tensor _x = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = BuildModel(training: false);
        _x = DisposeScope.Detach(Torch.Randn(new long[] { 1, 1, 96, 64 }));
    }

    [Benchmark]
    public void ForwardBatch1()
    {
        using var _ = Torch.NoGrad();
        using var y = _model.Forward(_x);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _x.Dispose();
    }
}

/// <summary>
/// VGGish fc1-shaped linear layer (32×12288 → 4096): 3.2 GFLOP per call. Its GFLOP/s exposes the
/// BLAS behind libtorch (≈ 2 on Debian's reference libblas, tens with OpenBLAS).
/// </summary>
[Config(typeof(TrainingConfig))]
public class LinearKernelBenchmarks
{
    private Tensor _x = null!, _w = null!;

    [Params(1, 2)] public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        Torch.Threads = Threads;
        _x = DisposeScope.Detach(Torch.Randn(new long[] { 32, 12288 }));
        _w = DisposeScope.Detach(Torch.Randn(new long[] { 4096, 12288 }));
    }

    [Benchmark]
    public void Fc1Batch32()
    {
        using var y = Functional.Linear(_x, _w);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _x.Dispose();
        _w.Dispose();
    }
}

/// <summary>Per-call cost of small operators (binding overhead + a tiny kernel); compare with benchmarks/op_overhead.py.</summary>
public class OpOverheadBenchmarks
{
    private Tensor _x = null!, _y = null!, _w = null!, _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        Torch.Threads = 1;
        _x = DisposeScope.Detach(Torch.Ones(new long[] { 1 }));
        _y = DisposeScope.Detach(Torch.Ones(new long[] { 1 }));
        _w = DisposeScope.Detach(Torch.Ones(new long[] { 4, 1, 3, 3 }));
        _input = DisposeScope.Detach(Torch.Ones(new long[] { 1, 1, 8, 8 }));
    }

    [Benchmark]
    public void Add()
    {
        using var r = _x.Add(_y);
    }

    [Benchmark]
    public void Relu()
    {
        using var r = _x.Relu();
    }

    [Benchmark]
    public void Conv2d()
    {
        using var r = Functional.Conv2d(_input, _w, null, (1, 1), (1, 1));
    }

    [Benchmark(Description = "Softmax (boxed dispatcher path)")]
    public void Softmax()
    {
        using var r = _x.Softmax(0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _x.Dispose();
        _y.Dispose();
        _w.Dispose();
        _input.Dispose();
    }
}
