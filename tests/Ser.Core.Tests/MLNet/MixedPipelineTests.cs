using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.MLNet;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.MLNet;

public sealed class MixedPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-mixed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public sealed class Clip
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
    }

    public sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";
        public float[] Score { get; set; } = [];
    }

    /// <summary>Low tones are "sad", high chirps "happy": separable by the acoustic features.</summary>
    private List<Clip> Clips(int count, int seed)
    {
        var rng = new Random(seed);
        var clips = new List<Clip>();
        for (int i = 0; i < count; i++)
        {
            bool happy = i % 2 == 0;
            float[] x = happy ? TestSignals.Chirp(16000, 1.0, 500 + rng.Next(300), 4000 + rng.Next(2000)) : TestSignals.Sine(16000, 1.0, 120 + rng.Next(60), 0.3);
            string path = System.IO.Path.Combine(_dir, $"c{seed}-{i}.wav");
            new AudioClip(x, 16000).Save(path, WavSampleFormat.Float32);
            clips.Add(new Clip { Path = path, Label = happy ? "happy" : "sad" });
        }
        return clips;
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadAudio())
            .Append(ml.Transforms.AcousticFeatures(outputColumnName: "Features"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    [Fact]
    public void AMixedStockAndSerPipelineSavesToOneFileAndScoresBitwiseIdenticallyAfterLoading()
    {
        var ml = new MLContext(seed: 5);
        var train = ml.Data.LoadFromEnumerable(Clips(16, 1));
        var test = ml.Data.LoadFromEnumerable(Clips(8, 2));
        var model = Pipeline(ml).Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.True(metrics.MacroAccuracy >= 0.99, $"UA {metrics.MacroAccuracy}");

        string path = System.IO.Path.Combine(_dir, "mixed.zip");
        ml.Model.SaveSer(model, train.Schema, path);
        using (var zip = ZipFile.OpenRead(path))
        {
            var names = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("manifest.json", names);
            Assert.Equal(4, names.Count(n => n.EndsWith("-mlnet.zip", StringComparison.Ordinal)));   // MapValueToKey, Normalize, trainer, MapKeyToValue
            Assert.Contains(names, n => n.EndsWith("-AcousticFeatures.json", StringComparison.Ordinal));
        }
        var loaded = new MLContext(seed: 9).Model.LoadSer(path, out var schema);
        Assert.Equal(train.Schema.Select(c => (c.Name, c.Type)), schema.Select(c => (c.Name, c.Type)));
        Assert.Equal(model.Transform(test).GetColumn<float[]>("Score").ToArray(), loaded.Transform(test).GetColumn<float[]>("Score").ToArray());

        var engine = ml.Model.CreatePredictionEngine<Clip, Prediction>(loaded);
        var expected = model.Transform(test).GetColumn<string>("PredictedLabel").ToArray();
        var clips = ml.Data.CreateEnumerable<Clip>(test, reuseRowObject: false).ToArray();
        Assert.Equal(expected, clips.Select(c => engine.Predict(c).PredictedLabel).ToArray());
    }

    [Fact]
    public void CorruptTruncatedTamperedAndNewerModelFilesRaiseModelFormatExceptionNamingTheFile()
    {
        var ml = new MLContext(seed: 5);
        var train = ml.Data.LoadFromEnumerable(Clips(8, 3));
        var model = Pipeline(ml).Fit(train);
        string path = System.IO.Path.Combine(_dir, "m.zip");
        ml.Model.SaveSer(model, train.Schema, path);
        byte[] good = File.ReadAllBytes(path);

        void Expect(byte[] bytes, string reason)
        {
            string bad = System.IO.Path.Combine(_dir, "bad.zip");
            File.WriteAllBytes(bad, bytes);
            var e = Assert.Throws<ModelFormatException>(() => ml.Model.LoadSer(bad, out _));
            Assert.StartsWith(bad, e.Message);
            Assert.Contains(reason, e.Message);
        }

        Expect(good[..(good.Length / 2)], "corrupt");
        Expect([], "corrupt");
        Expect(Rewrite(good, "stages/01-LoadAudio.json", s => s.Replace("\"Path\"", "\"Pat\"")), "checksum mismatch");
        Expect(Rewrite(good, "manifest.json", s => s.Replace("\"minReaderVersion\": 2", "\"minReaderVersion\": 9")), "upgrade Ser.Core");
        Expect(Rewrite(good, "manifest.json", s => s.Replace("\"LoadAudio\"", "\"FromTheFuture\"")), "unknown Ser.Core stage kind");
        Assert.Throws<ModelFormatException>(() => ml.Model.LoadSer(System.IO.Path.Combine(_dir, "absent.zip"), out _));

        // A failed save leaves the previous file as it was (atomic write).
        var refused = Assert.ThrowsAny<Exception>(() => ml.Model.SaveSer(model, ml.Data.LoadFromEnumerable(new[] { new { Other = 1f } }).Schema, path));
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.NotNull(refused);
    }

    private static byte[] Rewrite(byte[] zipBytes, string entry, Func<string, string> edit)
    {
        using var input = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in input.Entries)
            {
                using var r = e.Open();
                using var ms = new MemoryStream();
                r.CopyTo(ms);
                byte[] content = ms.ToArray();
                if (e.FullName == entry) content = System.Text.Encoding.UTF8.GetBytes(edit(System.Text.Encoding.UTF8.GetString(content)));
                using var w = zip.CreateEntry(e.FullName).Open();
                w.Write(content);
            }
        }
        return output.ToArray();
    }

    [Fact]
    public void EvaluateSerAgreesWithStockEvaluateOnTheSameScoredData()
    {
        var ml = new MLContext(seed: 5);
        var train = ml.Data.LoadFromEnumerable(Clips(12, 6));
        var test = ml.Data.LoadFromEnumerable(Clips(10, 7));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadAudio())
            .Append(ml.Transforms.AcousticFeatures(outputColumnName: "Features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options { MaximumNumberOfIterations = 3 }));
        var scored = pipeline.Fit(train).Transform(test);
        var stock = ml.MulticlassClassification.Evaluate(scored);
        var ours = ml.MulticlassClassification.EvaluateSer(scored);
        Assert.Equal(stock.MacroAccuracy, ours.UnweightedAccuracy, 10);
        Assert.Equal(stock.MicroAccuracy, ours.WeightedAccuracy, 10);
        Assert.Equal(10, ours.Confusion.Total);
        Assert.Equal(["happy", "sad"], ours.Confusion.ClassNames);
        for (int t = 0; t < 2; t++)
            for (int p = 0; p < 2; p++) Assert.Equal(stock.ConfusionMatrix.Counts[t][p], ours.Confusion[t, p]);
        var textLabel = Assert.Throws<SchemaMismatchException>(() => ml.MulticlassClassification.EvaluateSer(
            ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored).Transform(scored)));
        Assert.Contains("before MapKeyToValue", textLabel.Message);
    }

    [Fact]
    public void MfccAndAcousticFeatureColumnsEqualTheEngines()
    {
        var ml = new MLContext(seed: 5);
        var clips = Clips(2, 4);
        var data = ml.Data.LoadFromEnumerable(clips);
        var output = ml.Transforms.LoadAudio().Append(ml.Transforms.Mfcc()).Append(ml.Transforms.AcousticFeatures()).Fit(data).Transform(data);
        var mfcc = output.GetColumn<float[]>("Mfcc").ToArray();
        var features = output.GetColumn<float[]>("AcousticFeatures").ToArray();
        for (int i = 0; i < clips.Count; i++)
        {
            var clip = AudioClip.Load(clips[i].Path);
            Assert.Equal(new Mfcc().Compute(clip).Data.ToArray(), mfcc[i]);
            Assert.Equal(new AcousticFeatureExtractor().ClipFeatures(clip).Values, features[i]);
        }
    }
}
