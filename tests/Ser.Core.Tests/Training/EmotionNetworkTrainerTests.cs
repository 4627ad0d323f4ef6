using Ser.Core.Data;
using Ser.Core.Training;
using Xunit;

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
        float[] Weights(TrainingResult r) => r.Network.NamedParameters().First(p => p.Name == "fc2.weight").Parameter.ToArray<float>();

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

    [Fact]
    public void BadInputAndOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new EmotionNetworkTrainer(new FusionTrainerOptions { Epochs = 0, LearningRate = -1 }, TwoClasses));
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
