using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Features;
using Ser.Core.Pipeline;
using Ser.Core.Training;
using Xunit;

namespace Ser.Core.Tests.Pipeline;

[Collection(Ser.Core.Tests.Support.LibtorchCollection.Name)]
public sealed class TrainedPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-trained-").FullName;
    private static readonly LabelSet Labels = new(new[] { Emotion.Sad, Emotion.Angry });

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>"Sad" speech-like clips are low and dark (f0 ≈ 110 Hz, steep spectral tilt); "angry" ones high and bright.</summary>
    private static AudioClip Voice(int speaker, bool angry, int take)
    {
        var rng = new Random(speaker * 1000 + take * 7 + (angry ? 1 : 0));
        double f0 = (angry ? 220 : 110) * (1 + 0.1 * speaker / 6.0) * (1 + 0.03 * rng.NextDouble());
        double tilt = angry ? 0.9 : 0.55, gain = 0.05 + 0.02 * speaker;
        var x = new float[24000];
        for (int i = 0; i < x.Length; i++)
        {
            double t = i / 16000.0, v = 0, vibrato = 1 + 0.02 * Math.Sin(2 * Math.PI * 5 * t);
            for (int k = 1; k * f0 < 7000; k++) v += Math.Pow(tilt, k) * Math.Sin(2 * Math.PI * k * f0 * vibrato * t);
            x[i] = (float)(gain * v + 0.002 * (rng.NextDouble() - 0.5));
        }
        return new AudioClip(x, 16000, source: $"spk{speaker}-{(angry ? "angry" : "sad")}-{take}");
    }

    private static IEnumerable<SerRow> Rows(IEnumerable<int> speakers) =>
        from s in speakers
        from angry in new[] { false, true }
        from take in Enumerable.Range(0, 4)
        let clip = Voice(s, angry, take)
        select SerRow.FromClip(clip, clip.Source, angry ? "angry" : "sad", $"spk{s}");

    [Fact]
    public void TrainSaveLoadPredictEndToEnd()
    {
        var ser = new SerContext(seed: 3);
        var options = new FusionTrainerOptions
        {
            VGGishWidth = 0.125, YamNetWidth = 0.125, Epochs = 5, BatchSize = 16, LearningRate = 2e-3, ValidationFraction = 0.2, Seed = 3, Threads = 1,
        };
        var trainer = ser.Trainers.Fusion(Labels, options);
        var pipeline = ser.Transforms.LogMel(LogMelOptions.VGGish)
            .Append(ser.Transforms.Segment(96, 48))
            .Append(ser.Transforms.SelectGaussian())
            .Append(trainer);
        var model = pipeline.Fit(Rows(Enumerable.Range(0, 5)).ToList());
        Assert.NotNull(trainer.LastResult);
        Assert.True(trainer.LastResult!.History.Count >= 1);

        var engine = ser.Model.CreatePredictionEngine(model);
        var unseen = Rows(new[] { 6, 7 }).ToList();
        int correct = unseen.Count(r => engine.Predict(r.Get<AudioClip>(Columns.Audio)).Label == r.Get<string>(Columns.Label));
        Assert.True(correct >= unseen.Count * 0.9, $"{correct}/{unseen.Count} correct on unseen speakers");

        string path = Path.Combine(_dir, "emotion.sermodel");
        ser.Model.Save(model, path);
        var loaded = ser.Model.CreatePredictionEngine(ser.Model.Load(path));
        foreach (var r in unseen)
        {
            var clip = r.Get<AudioClip>(Columns.Audio);
            var a = engine.Predict(clip);
            var b = loaded.Predict(clip);
            Assert.Equal(a.Emotion, b.Emotion);
            Assert.Equal(a.Probabilities, b.Probabilities);   // bitwise identical after loading
        }

        // Many threads at once give the sequential answers; files are scored in order.
        var files = unseen.Select((r, i) =>
        {
            string f = Path.Combine(_dir, $"u{i}.wav");
            r.Get<AudioClip>(Columns.Audio).Save(f, WavSampleFormat.Float32);
            return f;
        }).ToList();
        var sequential = files.Select(f => loaded.Predict(AudioClip.Load(f)).Probabilities.ToArray()).ToList();
        int reported = 0;
        var parallel = loaded.PredictFiles(files, threads: 4, progress: new Count(() => Interlocked.Increment(ref reported)));
        for (int i = 0; i < files.Count; i++) Assert.Equal(sequential[i], parallel[i].Probabilities);
        Assert.Equal(files.Count, reported);
        Assert.Throws<ArgumentException>(() => ser.Model.CreatePredictionEngine(ser.Transforms.LogMel().Append(ser.Transforms.Segment()).Fit([])));
    }

    [Fact]
    public void AugmentedCopiesAddTrainingPatchesButNoValidationClips()
    {
        var ser = new SerContext(seed: 4);
        var options = new FusionTrainerOptions { VGGishWidth = 0.125, YamNetWidth = 0.125, Epochs = 1, BatchSize = 32, ValidationFraction = 0.2, Seed = 4, Threads = 1 };
        var augmenter = new Ser.Core.Augmentation.RandomAugmenter(seed: 9)
            .Add(new Ser.Core.Augmentation.GainAugmentation(-6, 6))
            .Add(new Ser.Core.Augmentation.NoiseAugmentation(Ser.Core.Augmentation.NoiseColor.Pink, 20, 30), 0.5);
        int Patches(TrainingAugmentation? augmentation, out int validation)
        {
            var trainer = ser.Trainers.Fusion(Labels, options, augmentation: augmentation);
            ser.Transforms.LogMel(LogMelOptions.VGGish).Append(ser.Transforms.Segment(96, 48)).Append(trainer).Fit(Rows(Enumerable.Range(0, 5)).ToList());
            validation = trainer.LastResult!.ValidationClips;
            trainer.LastResult.Dispose();
            return trainer.LastResult.TrainingPatches;
        }
        int plain = Patches(null, out int v1);
        int doubled = Patches(new TrainingAugmentation(augmenter, 1, LogMelOptions.VGGish, new Ser.Core.Segmentation.PatchOptions { Frames = 96, Hop = 48 }), out int v2);
        Assert.Equal(2 * plain, doubled);
        Assert.Equal(v1, v2);
    }

    private sealed class Count(Action tick) : IProgress<int>
    {
        public void Report(int value) => tick();
    }
}
