using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.MLNet;

public sealed class FrontEndStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-mlnet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public sealed class ClipRow
    {
        public string Path { get; set; } = "";
        public string Label { get; set; } = "";
    }

    public sealed class PatchOutput
    {
        [VectorType(0, 96, 64)] public float[] Patches { get; set; } = [];
        public float[] PatchStarts { get; set; } = [];
    }

    private string Wav(string name, float[] samples, int rate)
    {
        string path = System.IO.Path.Combine(_dir, name);
        new AudioClip(samples, rate).Save(path, WavSampleFormat.Float32);
        return path;
    }

    [Fact]
    public void LoadAudioLogMelAndSegmentPatchesInAStockPipelineEqualTheEngines()
    {
        var ml = new MLContext(seed: 1);
        string chirp = Wav("chirp.wav", TestSignals.Chirp(16000, 2.0), 16000);
        string noise = Wav("noise.wav", TestSignals.Noise(16000, 1.3), 16000);
        var data = ml.Data.LoadFromEnumerable([new ClipRow { Path = chirp, Label = "happy" }, new ClipRow { Path = noise, Label = "sad" }]);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadAudio())
            .Append(ml.Transforms.LogMel())
            .Append(ml.Transforms.SegmentPatches());
        var model = pipeline.Fit(data);
        var output = model.Transform(data);

        var patchType = Assert.IsType<VectorDataViewType>(output.Schema["Patches"].Type);
        Assert.Equal([0, 96, 64], patchType.Dimensions.ToArray());
        Assert.Equal([0, 64], ((VectorDataViewType)output.Schema["LogMel"].Type).Dimensions.ToArray());

        // GetColumn<float[]> copies each row (GetColumn<VBuffer<float>> reuses one buffer across rows, as ML.NET documents).
        var logMels = output.GetColumn<float[]>("LogMel").ToArray();
        var patches = output.GetColumn<float[]>("Patches").ToArray();
        var starts = output.GetColumn<float[]>("PatchStarts").ToArray();
        var logMel = new LogMel(LogMelOptions.VGGish);
        var segmenter = new PatchSegmenter();
        string[] paths = [chirp, noise];
        for (int row = 0; row < 2; row++)
        {
            var mel = logMel.Compute(AudioClip.Load(paths[row]));
            Assert.Equal(mel.Data.ToArray(), logMels[row]);
            var expected = segmenter.Segment(mel, "x");
            Assert.Equal(expected.Count * 96 * 64, patches[row].Length);
            Assert.Equal(expected.SelectMany(p => p.Data).ToArray(), patches[row]);
            Assert.Equal(expected.Select(p => (float)p.StartTime).ToArray(), starts[row]);
        }
    }

    [Fact]
    public void PredictionEngineRunsTheFrontEndOnOneRow()
    {
        var ml = new MLContext(seed: 1);
        string chirp = Wav("chirp.wav", TestSignals.Chirp(44100, 2.0), 44100);
        var data = ml.Data.LoadFromEnumerable([new ClipRow { Path = chirp }]);
        var model = ml.Transforms.LoadAudio(sampleRate: 16000).Append(ml.Transforms.LogMel()).Append(ml.Transforms.SegmentPatches()).Fit(data);
        var engine = ml.Model.CreatePredictionEngine<ClipRow, PatchOutput>(model);
        var first = engine.Predict(new ClipRow { Path = chirp });
        var second = engine.Predict(new ClipRow { Path = chirp });
        Assert.Equal(4 * 96 * 64, first.Patches.Length);           // 198 frames: 0, 48, 96 whole + 144 partial
        Assert.Equal(first.Patches, second.Patches);
        Assert.Equal([0f, 0.48f, 0.96f, 1.44f], first.PatchStarts);
    }

    [Fact]
    public void AStageWhoseInputColumnIsMissingFailsAtFitNamingStageAndColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new ClipRow { Path = "x.wav" }]);
        var e = Assert.Throws<SchemaMismatchException>(() => ml.Transforms.LogMel().Fit(data));
        Assert.Equal("LogMel", e.Stage);
        Assert.Equal("Audio", e.Column);
        Assert.Contains("Path", e.Message);
        var shape = Assert.Throws<SchemaMismatchException>(() => ml.Transforms.LoadAudio(inputColumnName: "Label").Append(ml.Transforms.SegmentPatches()).Fit(data));
        Assert.Equal("SegmentPatches", shape.Stage);
    }

    [Fact]
    public void AWrongColumnTypeIsNamedWithTheTypeFound()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new ClipRow { Path = "x.wav" }]);
        var e = Assert.Throws<SchemaMismatchException>(() => ml.Transforms.LogMel(inputColumnName: "Path").Fit(data));
        Assert.Contains("String", e.Message);
        Assert.Contains("Vector<Single>", e.Message);
    }

    [Fact]
    public void AnUnreadableFileThrowsNamingTheFileOrIsFlaggedOnRequest()
    {
        var ml = new MLContext(seed: 1);
        string bad = System.IO.Path.Combine(_dir, "bad.wav");
        File.WriteAllBytes(bad, [1, 2, 3, 4, 5]);
        string missing = System.IO.Path.Combine(_dir, "missing.wav");
        string good = Wav("good.wav", TestSignals.Sine(16000, 1.0), 16000);
        var data = ml.Data.LoadFromEnumerable([new ClipRow { Path = good }, new ClipRow { Path = bad }, new ClipRow { Path = missing }]);

        var strict = ml.Transforms.LoadAudio().Fit(data).Transform(data);
        var e = Assert.Throws<AudioFormatException>(() => strict.GetColumn<VBuffer<float>>("Audio").ToArray());
        Assert.Equal(bad, e.Source);

        var flagged = ml.Transforms.LoadAudio(new AudioLoadingTransform.Options { OnUnreadable = UnreadableAudio.Flag }).Fit(data).Transform(data);
        var errors = flagged.GetColumn<string>("AudioError").ToArray();
        var rates = flagged.GetColumn<int>("SampleRate").ToArray();
        Assert.Equal("", errors[0]);
        Assert.Contains("bad.wav", errors[1]);
        Assert.Contains("cannot open", errors[2]);
        Assert.Equal([16000, 0, 0], rates);
        Assert.Equal([16000, 0, 0], flagged.GetColumn<float[]>("Audio").Select(v => v.Length).ToArray());
    }

    [Fact]
    public void EmptyAudioIsRefusedByLogMelNamingTheRow()
    {
        var ml = new MLContext(seed: 1);
        string bad = System.IO.Path.Combine(_dir, "bad.wav");
        File.WriteAllBytes(bad, [1, 2, 3]);
        var data = ml.Data.LoadFromEnumerable([new ClipRow { Path = bad }]);
        var output = ml.Transforms.LoadAudio(new AudioLoadingTransform.Options { OnUnreadable = UnreadableAudio.Flag })
            .Append(ml.Transforms.LogMel()).Fit(data).Transform(data);
        var e = Assert.Throws<AudioFormatException>(() => output.GetColumn<VBuffer<float>>("LogMel").ToArray());
        Assert.Contains("row 0", e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void StockModelSaveRefusesASerStageNamingTheMethodToUse()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new ClipRow { Path = "x.wav", Label = "a" }]);
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.LoadAudio()).Fit(data);
        var e = Record.Exception(() => ml.Model.Save(model, data.Schema, new MemoryStream()));
        Assert.NotNull(e);
        var all = e!.ToString();
        Assert.Contains("SaveSer", all);
        Assert.Contains("LoadAudio", all);
    }
}
