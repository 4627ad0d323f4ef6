using Ser.Core.Data;
using Ser.Core.Torch;
using Ser.Core.Training;
using Xunit;
using static TorchSharp.torch;

namespace Ser.Core.Tests.Training;

[Collection(Ser.Core.Tests.Support.LibtorchCollection.Name)]
public sealed class EmotionNetworkTrainerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-train-").FullName;
    private static readonly LabelSet TwoClasses = new(new[] { Emotion.Neutral, Emotion.Angry });

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Class 0 has its energy in the low bands, class 1 in the high bands; every speaker has its own level.</summary>
    private static List<TrainingClip> Clips(int speakers, int perClass, int seed)
    {
        var rng = new Random(seed);
        var clips = new List<TrainingClip>();
        for (int s = 0; s < speakers; s++)
        {
            double level = rng.NextDouble() - 0.5;
            for (int label = 0; label < 2; label++)
            {
                for (int k = 0; k < perClass; k++)
                {
                    var patches = new List<float[]>();
                    for (int p = 0; p < 3; p++)
                    {
                        var x = new float[96 * 64];
                        for (int f = 0; f < 96; f++)
                        {
                            for (int b = 0; b < 64; b++)
                            {
                                bool loud = label == 0 ? b < 24 : b >= 40;
                                x[f * 64 + b] = (float)(level + (loud ? 1.0 : -1.0) + 0.8 * (rng.NextDouble() - 0.5));
                            }
                        }
                        patches.Add(x);
                    }
                    clips.Add(new TrainingClip($"s{s}-{label}-{k}", $"spk{s}", label, patches));
                }
            }
        }
        return clips;
    }

    private static FusionTrainerOptions Small(string? checkpoints = null, int epochs = 4, double validation = 0.2) => new()
    {
        Architecture = Architecture.Fusion, VGGishWidth = 0.125, YamNetWidth = 0.125, Epochs = epochs, BatchSize = 16,
        LearningRate = 2e-3, ValidationFraction = validation, CheckpointDirectory = checkpoints, Seed = 11, Threads = 1,
    };

    [Fact]
    public void FusionLearnsASeparableProblemAndGeneralisesToUnseenSpeakers()
    {
        var trainer = new EmotionNetworkTrainer(Small(epochs: 6), TwoClasses);
        var reports = new List<TrainingProgress>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var result = trainer.Train(Clips(6, 4, seed: 1), new Collect(reports));
        clock.Stop();
        var test = Clips(2, 4, seed: 99);                        // speakers never seen
        var metrics = trainer.Evaluate(result.Network, test);
        Assert.True(metrics.UnweightedAccuracy >= 0.9, metrics.ToString());
        Assert.NotNull(result.BestValidationUA);
        Assert.True(result.ValidationClips > 0);
        Assert.Contains(reports, r => r.ValidationUA is not null);
        Assert.Equal(result.History.Count, reports.Count(r => r.Step == r.StepsPerEpoch && r.ValidationUA is not null));
        Assert.True(result.History[^1].Loss < result.History[0].Loss);
        Assert.True(result.StepTime > TimeSpan.Zero && result.ValidationTime > TimeSpan.Zero, $"{result.StepTime} / {result.ValidationTime}");
        Assert.True(result.StepTime + result.ValidationTime <= clock.Elapsed, $"{result.StepTime} + {result.ValidationTime} > {clock.Elapsed}");
    }

    [Fact]
    public void SameSeedGivesTheSameNetworkAndAResumedRunEqualsAnUninterruptedOne()
    {
        var data = Clips(4, 3, seed: 2);
        float[] Weights(TrainingResult r) => PatchTensors.ToArray(r.Network.named_parameters().First(p => p.name == "fc2.weight").parameter);

        using var a = new EmotionNetworkTrainer(Small(Path.Combine(_dir, "a"), validation: 0), TwoClasses).Train(data);
        using var b = new EmotionNetworkTrainer(Small(Path.Combine(_dir, "b"), validation: 0), TwoClasses).Train(data);
        Assert.Equal(Weights(a), Weights(b));
        Assert.Equal(TimeSpan.Zero, a.ValidationTime);              // no held-out speakers, no validation passes

        // Cancel at the end of epoch 2 (its checkpoint is written), then run again: it resumes at epoch 3.
        string dir = Path.Combine(_dir, "c");
        using var cts = new CancellationTokenSource();
        var trainer = new EmotionNetworkTrainer(Small(dir, validation: 0), TwoClasses);
        var stopAfterTwo = new Callback(p => { if (p.Epoch == 2 && p.Step == p.StepsPerEpoch) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(data, stopAfterTwo, cts.Token));
        Assert.True(File.Exists(trainer.CheckpointPath));
        var epochs = new List<int>();
        using var resumed = trainer.Train(data, new Callback(p => epochs.Add(p.Epoch)));
        Assert.DoesNotContain(1, epochs);
        Assert.Equal(3, epochs.Min());
        Assert.Equal(4, resumed.History.Count);
        Assert.Equal(Weights(a), Weights(resumed));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    /// <summary>
    /// A random YAMNet in the pretrained file's layout (folded batch norm, 521 classes). He-initialised convolutions
    /// without bias keep the signal through the 27 layers, so its features depend on the patch, as the real ones do.
    /// </summary>
    private string StandInPretrainedYamNet()
    {
        string path = Path.Combine(_dir, "yamnet.safetensors");
        manual_seed(5);
        using var yamnet = new Ser.Core.Networks.YamNet(new Ser.Core.Networks.YamNetOptions { FoldedBatchNorm = true });
        using (no_grad())
        {
            foreach (var (name, p) in yamnet.named_parameters())
            {
                long[] shape = p.shape;
                if (shape.Length == 4) p.normal_(0, Math.Sqrt(2.0 / (shape[1] * shape[2] * shape[3])));
                else if (!name.StartsWith("classifier.", StringComparison.Ordinal)) p.zero_();
            }
        }
        SafeTensors.Save(yamnet, path);
        return path;
    }

    [Theory]
    [InlineData(Architecture.Fusion)]
    [InlineData(Architecture.YamNetOnly)]
    public void CachedFrozenYamNetFeaturesTrainLikeRunningYamNetAtEveryStep(Architecture architecture)
    {
        var data = Clips(4, 2, seed: 3);
        string yamnet = StandInPretrainedYamNet();
        // YAMNet's output for a patch may differ in the last bits with the other patches of its batch (cached: fixed
        // batches; every step: shuffled ones). SGD keeps such differences at round-off; Adam's normalised step would
        // turn them into ±learning rate for weights whose gradient is near zero.
        FusionTrainerOptions Options(bool cache) => new()
        {
            Architecture = architecture, VGGishWidth = 0.125, PretrainedYamNet = yamnet, Epochs = 2, BatchSize = 16,
            Optimizer = OptimizerKind.Sgd, LearningRate = 1e-2, ValidationFraction = 0.25, Seed = 4, Threads = 1, CacheFrozenFeatures = cache,
        };
        using var every = new EmotionNetworkTrainer(Options(cache: false), TwoClasses).Train(data);
        using var cached = new EmotionNetworkTrainer(Options(cache: true), TwoClasses).Train(data);

        Assert.Equal(TimeSpan.Zero, every.FrozenFeatureTime);
        Assert.True(cached.FrozenFeatureTime > TimeSpan.Zero);
        Assert.Equal(every.History.Count, cached.History.Count);
        for (int e = 0; e < every.History.Count; e++)
        {
            Assert.Equal(every.History[e].Loss, cached.History[e].Loss, 1e-4);
            Assert.Equal(every.History[e].ValidationUA, cached.History[e].ValidationUA);
        }
        foreach (var (name, p) in every.Network.named_parameters())
        {
            float[] a = PatchTensors.ToArray(p);
            float[] b = PatchTensors.ToArray(cached.Network.named_parameters().Single(q => q.name == name).parameter);
            for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4 + 1e-3 * Math.Abs(a[i]), $"{name}[{i}]: {a[i]} vs {b[i]}");
        }
    }

    [Fact]
    public void FeaturesAreNotCachedWhenYamNetIsTrained()
    {
        var options = new FusionTrainerOptions
        {
            Architecture = Architecture.Fusion, VGGishWidth = 0.125, PretrainedYamNet = StandInPretrainedYamNet(), FreezeYamNet = false,
            Epochs = 1, BatchSize = 16, ValidationFraction = 0, Seed = 4, Threads = 1,
        };
        using var result = new EmotionNetworkTrainer(options, TwoClasses).Train(Clips(2, 1, seed: 3));
        Assert.Equal(TimeSpan.Zero, result.FrozenFeatureTime);
        Assert.Contains(result.Network.named_parameters(), p => p.name.StartsWith("yamnet.", StringComparison.Ordinal) && p.parameter.requires_grad);
    }

    [Theory]
    [InlineData(ScheduleKind.Step, OptimizerKind.AdamW, LossKind.Focal)]
    [InlineData(ScheduleKind.Cosine, OptimizerKind.Sgd, LossKind.CrossEntropy)]
    [InlineData(ScheduleKind.ReduceOnPlateau, OptimizerKind.Adam, LossKind.CrossEntropy)]
    public void EveryOptimizerScheduleAndLossTrainsAndRecordsItsRates(ScheduleKind schedule, OptimizerKind optimizer, LossKind loss)
    {
        var options = new FusionTrainerOptions
        {
            Architecture = Architecture.VGGishOnly, VGGishWidth = 0.125, Epochs = 6, BatchSize = 16, LearningRate = 1e-2, Schedule = schedule,
            Optimizer = optimizer, Loss = loss, ValidationFraction = 0.25, EarlyStoppingPatience = 0, Seed = 3, Threads = 1,
        };
        using var result = new EmotionNetworkTrainer(options, TwoClasses).Train(Clips(4, 2, seed: 5));
        double[] rates = result.History.Select(h => h.LearningRate).ToArray();
        Assert.Equal(6, rates.Length);
        Assert.All(result.History, h => Assert.True(double.IsFinite(h.Loss)));
        switch (schedule)
        {
            case ScheduleKind.Step:
                Assert.Equal(new[] { 1e-2, 1e-2, 1e-3, 1e-3, 1e-4, 1e-4 }, rates, new ToleranceComparer(1e-12));
                break;
            case ScheduleKind.Cosine:
                Assert.Equal(1e-2, rates[0], 12);
                Assert.Equal(1e-2 * (1 + Math.Cos(Math.PI * 5 / 6)) / 2, rates[5], 12);
                break;
            default:
                Assert.Equal(1e-2, rates[0], 12);
                Assert.All(rates.Zip(rates.Skip(1)), r => Assert.True(r.Second == r.First || r.Second == r.First / 2));
                break;
        }
    }

    [SkippableFact]
    public void TrainingOnCudaMatchesTheCpuWhereAGpuIsPresent()
    {
        Skip.IfNot(TorchRuntime.IsCudaAvailable, "no CUDA: libtorch is the CPU build (TorchSharp-cpu) or no GPU is visible");
        var data = Clips(4, 2, seed: 6);
        var cpu = new EmotionNetworkTrainer(Small(validation: 0, epochs: 1), TwoClasses).Train(data);
        var gpu = new EmotionNetworkTrainer(new FusionTrainerOptions
        {
            Architecture = Architecture.Fusion, VGGishWidth = 0.125, YamNetWidth = 0.125, Epochs = 1, BatchSize = 16,
            LearningRate = 2e-3, ValidationFraction = 0, Seed = 11, Threads = 1, Device = "cuda",
        }, TwoClasses).Train(data);
        using (cpu)
        using (gpu)
        {
            Assert.Equal(TorchSharp.DeviceType.CUDA, TorchRuntime.DeviceOf(gpu.Network).type);
            Assert.Equal(cpu.History[0].Loss, gpu.History[0].Loss, 2);
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void BadInputAndOptionsAreRejected()
    {
        var invalid = Assert.Throws<ArgumentException>(() => new EmotionNetworkTrainer(new FusionTrainerOptions { Epochs = 0, LearningRate = -1, Device = "tpu" }, TwoClasses));
        Assert.Contains("Device 'tpu'", invalid.Message);
        var trainer = new EmotionNetworkTrainer(Small(), TwoClasses);
        Assert.Throws<ArgumentException>(() => trainer.Train(new[] { new TrainingClip("x", "s", 5, new[] { new float[96 * 64] }) }));
        Assert.Throws<ArgumentException>(() => trainer.Train(new[] { new TrainingClip("x", "s", 0, new[] { new float[10] }) }));
        Assert.Equal(0.01, FusionTrainerOptions.Paper.LearningRate);
        Assert.Equal(128, FusionTrainerOptions.Paper.BatchSize);
        Assert.Equal(20, FusionTrainerOptions.Paper.Epochs);
    }

    private sealed class Collect(List<TrainingProgress> sink) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => sink.Add(value);
    }

    private sealed class Callback(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
