using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Data.Corpora;
using Ser.Core.MLNet;
using Ser.Core.Tests.Support;
using Ser.Core.Training;
using Xunit;

namespace Ser.Core.Tests.MLNet;

[Collection(LibtorchCollection.Name)]
public sealed class CrossValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-cv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public sealed class Clip
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
        public string Speaker { get; set; } = "";
        public string Gender { get; set; } = "";
    }

    private List<Clip> Clips(int speakers)
    {
        var clips = new List<Clip>();
        for (int s = 0; s < speakers; s++)
        {
            for (int i = 0; i < 4; i++)
            {
                bool angry = i % 2 == 0;
                float[] x = angry ? TestSignals.Chirp(16000, 1.0, 800, 5000) : TestSignals.Sine(16000, 1.0, 110 + 10 * s, 0.2);
                string path = Path.Combine(_dir, $"s{s}-{i}.wav");
                new AudioClip(x, 16000).Save(path, WavSampleFormat.Float32);
                clips.Add(new Clip { Path = path, Label = angry ? "angry" : "sad", Speaker = $"spk{s}", Gender = s % 2 == 0 ? "female" : "male" });
            }
        }
        return clips;
    }

    [Fact]
    public void StockCrossValidateWithSpeakerFoldsTestsEachSpeakerInExactlyOneFold()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.AddSpeakerFolds(ml.Data.LoadFromEnumerable(Clips(6)), folds: 3);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadAudio())
            .Append(ml.Transforms.LogMel())
            .Append(ml.Transforms.SegmentPatches())
            .Append(ml.MulticlassClassification.Trainers.VGGishEmotion(training: new FusionTrainerOptions
            {
                VGGishWidth = 0.125, Epochs = 1, BatchSize = 8, ValidationFraction = 0, Seed = 1, Threads = 1,
            }));
        var results = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 3, samplingKeyColumnName: "Fold");

        Assert.Equal(3, results.Count);
        var heldOut = results.Select(r => r.ScoredHoldOutSet.GetColumn<string>("Speaker").Distinct().Order().ToArray()).ToArray();
        Assert.All(heldOut, speakers => Assert.Equal(2, speakers.Length));                      // 6 speakers, 3 folds
        Assert.Equal(6, heldOut.SelectMany(s => s).Distinct().Count());                         // every speaker tested once
        var genders = results.Select(r => r.ScoredHoldOutSet.GetColumn<string>("Gender").Distinct().Order().ToArray());
        Assert.All(genders, g => Assert.Equal(["female", "male"], g));                          // gender-balanced folds
        Assert.All(results, r => Assert.InRange(r.Metrics.MacroAccuracy, 0, 1));
        foreach (var r in results) SerModelFile.Flatten(r.Model).OfType<FusionEmotionModel>().Single().ReleaseNetwork();
    }

    [Fact]
    public void CorpusReadersGiveOneTextRowPerClipWithAttributesAndLabelSetClasses()
    {
        string root = Path.Combine(_dir, "ravdess");
        var silence = new AudioClip(new float[1600], 16000);
        foreach (var name in new[] { "03-01-01-01-01-01-01.wav", "03-01-02-01-01-01-02.wav", "03-01-05-02-02-01-01.wav" })
        {
            string actor = Path.Combine(root, $"Actor_{name[^6..^4]}");
            Directory.CreateDirectory(actor);
            silence.Save(Path.Combine(actor, name));
        }
        var ml = new MLContext(seed: 1);
        var all = ml.Data.LoadRavdess(root);
        Assert.Equal(["Path", "Label", "Speaker", "Gender", "Corpus", "Id"], all.Schema.Take(6).Select(c => c.Name).ToArray());
        Assert.Contains(all.Schema, c => c.Name == "intensity");
        Assert.Equal(["neutral", "angry", "calm"], all.GetColumn<string>("Label").ToArray());        // sorted by path
        Assert.Equal(["male", "male", "female"], all.GetColumn<string>("Gender").ToArray());

        var paper = ml.Data.LoadRavdess(root, LabelSet.Paper4CalmAsNeutral);
        Assert.Equal(["neutral", "angry", "neutral"], paper.GetColumn<string>("Label").ToArray());
        var audio = ml.Transforms.LoadAudio().Fit(paper).Transform(paper).GetColumn<float[]>("Audio").ToArray();
        Assert.All(audio, a => Assert.Equal(1600, a.Length));
    }

    [Fact]
    public void SpeakerFoldsNeedATextSpeakerColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { Speaker = 3f } });
        var e = Assert.Throws<SchemaMismatchException>(() => ml.Data.AddSpeakerFolds(data, 2));
        Assert.Equal("Speaker", e.Column);
    }
}
