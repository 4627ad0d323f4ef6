using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Features;
using Ser.Core.MLNet;
using Ser.Core.Networks;
using Ser.Core.Segmentation;
using Ser.Core.Tests.Support;
using Ser.Core.Torch;
using Xunit;
using static TorchSharp.torch;

namespace Ser.Core.Tests.MLNet;

/// <summary>A frozen VGGish with supplied weights as a feature stage for a stock trainer (no VGGish checkpoint ships here: the weights are random).</summary>
[Collection(LibtorchCollection.Name)]
public sealed class EmbeddingStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-embedding-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly VGGishOptions Shape = new() { WidthMultiplier = 0.125, Flatten = FlattenOrder.HeightWidthChannel };

    private string Weights()
    {
        manual_seed(21);
        using var net = new VGGish(Shape);
        string path = Path.Combine(_dir, "vggish.safetensors");
        SafeTensors.Save(net, path);
        return path;
    }

    private static IEnumerable<AudioSamplesInput> Clips(int count) => Enumerable.Range(0, count).Select(i =>
    {
        bool high = i % 2 == 1;
        var x = TestSignals.Sine(16000, 1.5, high ? 2500 : 300, 0.3);
        var noise = TestSignals.Noise(16000, 1.5, (ulong)(i + 1));
        for (int n = 0; n < x.Length; n++) x[n] += 0.05f * noise[n];
        return new AudioSamplesInput { Audio = x, SampleRate = 16000, Label = high ? "angry" : "sad" };
    });

    [Fact]
    public void AVGGishEmbeddingFeedsAStockTrainerAndSavesWithItsWeights()
    {
        var ml = new MLContext(seed: 1);
        string weights = Weights();
        var data = ml.Data.LoadFromEnumerable(Clips(16));
        var pipeline = ml.Transforms.LogMel()
            .Append(ml.Transforms.SegmentPatches())
            .Append(ml.Transforms.VGGishEmbedding(weights, Shape))
            .Append(ml.Transforms.NormalizeMeanVariance("Embedding"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Embedding"));
        var model = pipeline.Fit(data);
        var test = ml.Data.LoadFromEnumerable(Clips(4));
        var scored = model.Transform(test);
        Assert.Equal(1.0, ml.MulticlassClassification.Evaluate(scored).MacroAccuracy);    // a 300 Hz tone against a 2.5 kHz one

        // The stage's embedding is the mean of VGGish's patch embeddings.
        var stage = SerModelFile.Flatten(model).OfType<VGGishEmbeddingTransform>().Single();
        Assert.Equal(128, stage.EmbeddingSize);
        var clip = Clips(1).Single();
        var logMel = new LogMel(LogMelOptions.VGGish).Compute(clip.Audio);
        var patches = new PatchSegmenter().Segment(logMel, "c");
        var flat = patches.SelectMany(p => p.Data.ToArray()).ToArray();
        var embedded = model.Transform(ml.Data.LoadFromEnumerable([clip])).GetColumn<float[]>("Embedding").Single();
        using (var net = VGGish.Load(weights, Shape))
        using (no_grad())
        {
            net.eval();
            var expected = net.forward(PatchTensors.FromSpan(flat, patches.Count)).mean(new long[] { 0 });
            var raw = stage.Embed(flat, patches.Count);
            Assert.True((tensor(raw) - expected).abs().max().item<float>() < 1e-5f);
        }
        Assert.Equal(128, embedded.Length);

        string file = Path.Combine(_dir, "model.zip");
        ml.Model.SaveSer(model, data.Schema, file);
        var loaded = new MLContext(seed: 2).Model.LoadSer(file, out _);
        File.Delete(weights);                                            // the model file carries the weights
        Assert.Equal(scored.GetColumn<float[]>("Score").ToArray(), loaded.Transform(test).GetColumn<float[]>("Score").ToArray());
    }

    [Fact]
    public void WeightsOfAnotherShapeAreRefusedNamingWhatDiffers()
    {
        string weights = Weights();
        var e = Assert.Throws<StateDictMismatchException>(() => VGGishEmbeddingTransform.FromPretrained(weights, new VGGishOptions { WidthMultiplier = 0.25 }));
        Assert.Contains("conv", e.Message);
    }
}
