using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;
using Ser.Core.MLNet;
using Ser.Core.Selection;
using Ser.Core.Training;
using Xunit;

namespace Ser.Core.Tests.MLNet;

[Collection(Ser.Core.Tests.Support.LibtorchCollection.Name)]
public sealed class FusionEmotionPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-fusion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public sealed class Clip
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
        public string Speaker { get; set; } = "";
    }

    public sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";
        public float[] Score { get; set; } = [];
    }

    /// <summary>"Sad" speech-like clips are low and dark (f0 ≈ 110 Hz, steep spectral tilt); "angry" ones high and bright.</summary>
    private static float[] Voice(int speaker, bool angry, int take)
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
        return x;
    }

    private List<Clip> Clips(IEnumerable<int> speakers) =>
        (from s in speakers
         from angry in new[] { false, true }
         from take in Enumerable.Range(0, 4)
         let path = Path.Combine(_dir, $"spk{s}-{(angry ? "angry" : "sad")}-{take}.wav")
         let _ = Save(path, Voice(s, angry, take))
         select new Clip { Path = path, Label = angry ? "angry" : "sad", Speaker = $"spk{s}" }).ToList();

    private static bool Save(string path, float[] samples)
    {
        if (!File.Exists(path)) new AudioClip(samples, 16000).Save(path, WavSampleFormat.Float32);
        return true;
    }

    [Fact]
    public void TrainEvaluateSaveLoadAndPredictWithStockMLNet()
    {
        var ml = new MLContext(seed: 3);
        var messages = new List<string>();
        ml.Log += (_, e) => { if (e.Message.Contains("FusionEmotion: epoch", StringComparison.Ordinal)) lock (messages) messages.Add(e.Message); };
        var train = ml.Data.LoadFromEnumerable(Clips(Enumerable.Range(0, 5)));
        var test = ml.Data.LoadFromEnumerable(Clips([6, 7]));
        var trainer = ml.MulticlassClassification.Trainers.FusionEmotion(new FusionEmotionTrainer.Options
        {
            Training = new FusionTrainerOptions { VGGishWidth = 0.125, YamNetWidth = 0.125, Epochs = 5, BatchSize = 16, LearningRate = 2e-3, ValidationFraction = 0.2, Seed = 3, Threads = 1 },
            DataSelection = new GaussianSelectionOptions(),
        });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadAudio())
            .Append(ml.Transforms.LogMel())
            .Append(ml.Transforms.SegmentPatches())
            .Append(trainer)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(train);

        Assert.NotNull(trainer.LastSelection);
        Assert.Equal(40, trainer.LastSelection!.Clips.Count);
        Assert.Equal(5, messages.Count);                               // one line per epoch in ML.NET's log

        var scored = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.True(metrics.MacroAccuracy >= 0.9, $"UA {metrics.MacroAccuracy:F3} on unseen speakers");
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        Assert.Equal(["sad", "angry"], slotNames.DenseValues().Select(s => s.ToString()).ToArray());

        string path = Path.Combine(_dir, "emotion.zip");
        ml.Model.SaveSer(model, train.Schema, path);
        var loaded = ml.Model.LoadSer(path, out var schema);
        Assert.Equal(train.Schema.Select(c => c.Name), schema.Select(c => c.Name));
        var before = scored.GetColumn<float[]>("Score").ToArray();
        var after = loaded.Transform(test).GetColumn<float[]>("Score").ToArray();
        Assert.Equal(before, after);                                   // bitwise identical after loading

        var engine = ml.Model.CreatePredictionEngine<Clip, Prediction>(loaded);
        var clips = Clips([6, 7]);
        var labels = scored.GetColumn<string>("PredictedLabel").ToArray();
        for (int i = 0; i < clips.Count; i++)
        {
            var p = engine.Predict(clips[i]);
            Assert.Equal(labels[i], p.PredictedLabel);
            Assert.Equal(before[i], p.Score);
        }

        // One prediction engine per thread, many threads at once: the sequential answers.
        var parallel = new float[clips.Count][];
        Parallel.For(0, clips.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            () => ml.Model.CreatePredictionEngine<Clip, Prediction>(loaded), (i, _, e) => { parallel[i] = e.Predict(clips[i]).Score; return e; }, e => e.Dispose());
        Assert.Equal(before, parallel);

        var refused = Assert.ThrowsAny<Exception>(() => ml.Model.Save(model, train.Schema, Path.Combine(_dir, "stock.zip")));
        Assert.Contains("SaveSer", refused.ToString());
    }

    [Fact]
    public void WithAMemoryBudgetThePatchesTrainFromATemporaryFileAndGiveTheSameModel()
    {
        var ml = new MLContext(seed: 3);
        var train = ml.Data.LoadFromEnumerable(Clips(Enumerable.Range(0, 4)));
        var test = ml.Data.LoadFromEnumerable(Clips([6]));
        var training = new FusionTrainerOptions { VGGishWidth = 0.125, YamNetWidth = 0.125, Epochs = 2, BatchSize = 16, ValidationFraction = 0.25, Seed = 3, Threads = 1 };
        float[][] Scores(long? budget, out FusionEmotionTrainer trainer, int? window = null)
        {
            trainer = ml.MulticlassClassification.Trainers.FusionEmotion(new FusionEmotionTrainer.Options
            {
                Training = training with { ShuffleWindowPatches = window }, PatchMemoryBudgetBytes = budget, TemporaryFolder = _dir,
            });
            var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.LoadAudio()).Append(ml.Transforms.LogMel())
                .Append(ml.Transforms.SegmentPatches()).Append(trainer).Fit(train);
            var scores = model.Transform(test).GetColumn<float[]>("Score").ToArray();
            model.LastTransformer.ReleaseNetwork();
            return scores;
        }
        var inMemory = Scores(null, out var plain);
        Assert.Equal(0, plain.LastStoredPatches);
        var budgeted = Scores(200 * 1024, out var spilled);                 // 200 KiB: 8 patches; the corpus has 32 clips × 3
        Assert.Equal(32 * 3, spilled.LastStoredPatches);                     // every patch went to the file
        Assert.Equal(inMemory, budgeted);                                    // the same training, bitwise
        Assert.Empty(Directory.GetFiles(_dir, "ser-patches-*"));            // the temporary file is gone
        var windowed = Scores(200 * 1024, out _, window: 32);                // a shuffle window over the stored order trains too
        Assert.All(windowed, s => Assert.Equal(1f, s.Sum(), 3));
    }

    [Fact]
    public void AugmentedCopiesAddTrainingPatchesButNoValidationClips()
    {
        var ml = new MLContext(seed: 4);
        var train = ml.Data.LoadFromEnumerable(Clips(Enumerable.Range(0, 5)));
        var augmenter = new Ser.Core.Augmentation.RandomAugmenter(seed: 9)
            .Add(new Ser.Core.Augmentation.GainAugmentation(-6, 6))
            .Add(new Ser.Core.Augmentation.NoiseAugmentation(Ser.Core.Augmentation.NoiseColor.Pink, 20, 30), 0.5);
        TrainingSummary Fit(TrainingAugmentation? augmentation)
        {
            var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.LoadAudio()).Append(ml.Transforms.LogMel())
                .Append(ml.Transforms.SegmentPatches())
                .Append(ml.MulticlassClassification.Trainers.FusionEmotion(new FusionEmotionTrainer.Options
                {
                    Training = new FusionTrainerOptions { VGGishWidth = 0.125, YamNetWidth = 0.125, Epochs = 1, BatchSize = 32, ValidationFraction = 0.2, Seed = 4, Threads = 1 },
                    Augmentation = augmentation,
                }))
                .Fit(train);
            model.LastTransformer.ReleaseNetwork();
            return model.LastTransformer.Training!;
        }
        var plain = Fit(null);
        var doubled = Fit(new TrainingAugmentation(augmenter, 1, Ser.Core.Features.LogMelOptions.VGGish, new Ser.Core.Segmentation.PatchOptions()));
        Assert.Equal(2 * plain.TrainingPatches, doubled.TrainingPatches);
        Assert.Equal(plain.ValidationClips, doubled.ValidationClips);
    }

    [Fact]
    public void LabelsThatAreNotEmotionsAndMissingKeyLabelsAreRefusedNamingTheColumn()
    {
        var ml = new MLContext(seed: 1);
        var clips = Clips([0]);
        foreach (var c in clips) c.Label = c.Label == "sad" ? "blue" : "red";
        var data = ml.Data.LoadFromEnumerable(clips);
        var frontEnd = ml.Transforms.LoadAudio().Append(ml.Transforms.LogMel()).Append(ml.Transforms.SegmentPatches());
        var trainer = ml.MulticlassClassification.Trainers.FusionEmotion(training: new FusionTrainerOptions { Epochs = 1 });
        var unknown = Assert.Throws<Ser.Core.Data.UnknownLabelException>(() => ml.Transforms.Conversion.MapValueToKey("Label").Append(frontEnd).Append(trainer).Fit(data));
        Assert.Contains("blue", unknown.Message);
        var notKey = Assert.Throws<SchemaMismatchException>(() => frontEnd.Append(trainer).Fit(data));
        Assert.Equal("Label", notKey.Column);
        Assert.Contains("MapValueToKey", notKey.Message);
    }
}
