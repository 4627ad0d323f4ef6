using Ser.Core.Data;
using Ser.Core.Explanations;
using Ser.Core.Features;
using Ser.Core.Networks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.MLNet;
using Ser.Core.Tests.Support;
using Ser.Core.Torch;
using Ser.Core.Training;
using Xunit;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace Ser.Core.Tests.Explanations;

[Collection(LibtorchCollection.Name)]
public sealed class GradCamTests(BurstModelFixture burst, ITestOutputHelper output)
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "gradcam", "gradcam.safetensors");

    /// <summary>A model stage around a given network (the explainers' front-end defaults to VGGish's).</summary>
    internal static FusionEmotionModel Chain(nn.Module<Tensor, Tensor> network, LabelSet labels) =>
        new(network, new FusionTrainerOptions { BatchSize = 2 }, labels, [.. labels.Names], "Patches", "Score", "PredictedLabel", training: null);

    [Theory]
    [InlineData(CamLayer.VGGishLastConv, "cam.vggish")]
    [InlineData(CamLayer.YamNetLastBlock, "cam.yamnet")]
    public void GradCamEqualsPyTorchGradCamOnTheSameWeights(CamLayer layer, string expectedName)
    {
        var tensors = SafeTensors.Load(Fixture);
        try
        {
            var net = new LateFusion(new LateFusionOptions
            {
                Classes = 4, VGGishWidth = 0.125, YamNetWidth = 0.125, YamNetFoldedBatchNorm = true, FusedChannels = 16, Hidden = 32,
            });
            StateDict.Load(net, tensors.Where(t => !t.Key.StartsWith("cam.", StringComparison.Ordinal) && t.Key != "input").ToDictionary(t => t.Key, t => t.Value), strict: false);
            var chain = Chain(net, LabelSet.Paper4);
            var explainer = new GradCam(chain, new GradCamOptions { Layer = layer });
            float[] input = PatchTensors.ToArray(tensors["input"]);
            float[] expected = PatchTensors.ToArray(tensors[expectedName]);
            // Batch 2 with 3 patches: the last batch holds one patch, so batching is exercised too.
            float[][] maps = explainer.PatchMaps(input, 3, cls: 1);
            for (int p = 0; p < 3; p++)
            {
                var want = expected.AsSpan(p * 6144, 6144);
                float max = 0;
                foreach (float v in want) max = Math.Max(max, v);
                Assert.True(max > 0, "the reference map is all zeros: the fixture would test nothing");
                double worst = 0;
                for (int i = 0; i < 6144; i++) worst = Math.Max(worst, Math.Abs(maps[p][i] / (max + 1e-8f) - want[i] / (max + 1e-8f)));
                output.WriteLine($"{layer} patch {p}: max |Δ| of the normalised map {worst:E2}");
                Assert.True(worst <= 1e-4, $"patch {p}: normalised Grad-CAM differs from PyTorch's by {worst:E2}");
            }
            chain.ReleaseNetwork();
        }
        finally
        {
            SafeTensors.DisposeAll(tensors);
        }
    }

    [Fact]
    public void TheBurstModelSeparatesTheClasses()
    {
        var engine = new MLContext().Model.CreatePredictionEngine<BurstModelFixture.Row, Predicted>(burst.Model);
        int correct = 0;
        for (int i = 0; i < 20; i++)
        {
            var (clip, _) = BurstModelFixture.Clip(5000 + i, i % 2 == 1);
            var row = new BurstModelFixture.Row { Audio = clip.Samples.ToArray(), SampleRate = clip.SampleRate };
            correct += engine.Predict(row).PredictedLabel == (i % 2 == 1 ? Emotion.Angry : Emotion.Neutral).Name() ? 1 : 0;
        }
        Assert.True(correct >= 18, $"{correct}/20 right: the model the explanation tests rely on did not learn the burst");
    }

    /// <summary>
    /// The region is the burst (its frames, mel bands 11–25) widened by two conv4_2 cells (16 frames, 16 bands) on each
    /// side: a conv4_2 cell's receptive field is 62 × 62 input cells, so cells next to the burst see it too. The region
    /// covers about a fifth of the map, so a uniform map would score ≈ 0.2.
    /// </summary>
    [Fact]
    public void MostOfTheGradCamMassFallsOnTheRegionTheDecisionDependsOn()
    {
        var explainer = new GradCam(burst.Model);
        Assert.Equal(CamLayer.VGGishLastConv, explainer.Layer);
        for (int i = 0; i < 5; i++)
        {
            var (clip, start) = BurstModelFixture.Clip(6000 + i, burst: true);
            ExplanationMap map = explainer.Explain(clip, Emotion.Angry);
            var (t0, t1) = BurstModelFixture.Frames(start, start + BurstModelFixture.BurstSamples);
            int f0 = Math.Max(0, t0 - 16), f1 = Math.Min(map.Frames, t1 + 16), b0 = 11 - 16, b1 = 26 + 16;
            double area = (double)(f1 - f0) * (b1 - Math.Max(0, b0)) / (map.Frames * map.Bands);
            double mass = map.MassIn(f0, f1, b0, b1);
            output.WriteLine($"clip {i}: burst frames {t0}–{t1}, region {area:P0} of the map, mass in it {mass:F3}");
            Assert.Equal(198, map.Frames);
            Assert.Equal(1f, map.Data.Max(), 5);
            Assert.True(area < 0.3, $"the region covers {area:P0} of the map: the test would be too easy");
            Assert.True(mass >= 0.8, $"clip {i}: only {mass:P0} of the Grad-CAM mass is on the burst region");
        }
    }

    public sealed class Predicted
    {
        public string PredictedLabel { get; set; } = "";
    }

    [Fact]
    public void TheGradCamExplainerAddsTheMapTheLabelAndTheAttendedAudioToScoredRows()
    {
        var ml = new MLContext();
        var clips = new[] { BurstModelFixture.Clip(7000, burst: true).Clip, BurstModelFixture.Clip(7002, burst: false).Clip };
        var data = ml.Data.LoadFromEnumerable(clips.Select(c => new BurstModelFixture.Row { Audio = c.Samples.ToArray(), SampleRate = c.SampleRate }));
        var scored = burst.Model.Transform(data);
        var explained = ml.Transforms.ExplainGradCam(burst.Model).Fit(scored).Transform(scored);
        var maps = explained.GetColumn<float[]>("GradCam").ToArray();
        var targets = explained.GetColumn<string>("ExplainedLabel").ToArray();
        var attended = explained.GetColumn<float[]>("AttendedAudio").ToArray();
        Assert.Equal(scored.GetColumn<string>("PredictedLabel").ToArray(), targets);
        var engine = new GradCam(burst.Model);
        for (int i = 0; i < clips.Length; i++)
        {
            var map = engine.Explain(clips[i]);
            Assert.Equal(map.Data, maps[i]);                                            // the engine's map, on the log-mel's grid
            Assert.Equal(map.Target.Name(), targets[i]);
            Assert.Equal(AudibleExplanation.Attended(clips[i], map).Samples.ToArray(), attended[i]);
            Assert.Equal(4, map.PatchMaps.Count);
            Assert.Equal(new[] { 0, 48, 96, 144 }, map.PatchStartFrames);
        }
        Assert.Equal(198 * 64, maps[0].Length);
        var refused = Assert.Throws<NotSupportedException>(() => ml.Model.SaveSer(new GradCamExplainer(burst.Model, new GradCamExplainer.Options()), scored.Schema, new MemoryStream()));
        Assert.Contains("not saved", refused.Message);
        Assert.Throws<UnknownLabelException>(() => new GradCamExplainer(burst.Model, new GradCamExplainer.Options { Target = Emotion.Sad }));
    }

    [Fact]
    public void AnUnknownTargetOrAMissingLayerIsRejected()
    {
        var explainer = new GradCam(burst.Model);
        var (clip, _) = BurstModelFixture.Clip(7001, burst: false);
        Assert.Throws<UnknownLabelException>(() => explainer.Explain(clip, Emotion.Sad));
        var error = Assert.Throws<ArgumentException>(() => new GradCam(burst.Model, new GradCamOptions { Layer = CamLayer.YamNetLastBlock }));
        Assert.Contains("YamNetLastBlock", error.Message);
        var ml = new MLContext();
        var frontEnd = ml.Transforms.LogMel().Fit(ml.Data.LoadFromEnumerable(new[] { new BurstModelFixture.Row() }));
        var noModel = Assert.Throws<ArgumentException>(() => new GradCam(frontEnd));
        Assert.Contains("no trained emotion model", noModel.Message);
    }

    [Fact]
    public void ExplainingFromManyThreadsGivesTheSequentialMaps()
    {
        var explainer = new GradCam(burst.Model);
        var clips = Enumerable.Range(0, 8).Select(i => BurstModelFixture.Clip(7100 + i, i % 2 == 0).Clip).ToArray();
        var sequential = clips.Select(c => explainer.Explain(c).Data).ToArray();
        var parallel = new float[clips.Length][];
        Parallel.For(0, clips.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = explainer.Explain(clips[i]).Data);
        for (int i = 0; i < clips.Length; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void ASilentClipGetsAFiniteMapAndNoAttendedAudio()
    {
        var silent = new Ser.Core.Audio.AudioClip(new float[32_000], 16_000, source: "silence");
        ExplanationMap map = new GradCam(burst.Model).Explain(silent);
        Assert.All(map.Data, v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1));
        var attended = AudibleExplanation.Attended(silent, map);
        Assert.All(attended.Samples.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void StitchingAveragesOverlapsAndIgnoresPadding()
    {
        var segmenter = new Ser.Core.Segmentation.PatchSegmenter(new Ser.Core.Segmentation.PatchOptions());
        var logMel = new Spectrogram(new float[150 * 64], 150, 64, 16000, 160);
        var patches = segmenter.Segment(logMel, "x");
        Assert.Equal(3, patches.Count);                                     // 0, 48, 96 (54 valid frames)
        var maps = patches.Select(p => Enumerable.Repeat((float)(p.Index + 1), 6144).ToArray()).ToArray();
        float[] stitched = PatchStitcher.Stitch(patches, maps, 150, 64);
        Assert.Equal(1f, stitched[10 * 64]);                                // patch 0 only
        Assert.Equal(1.5f, stitched[60 * 64 + 5]);                          // patches 0 and 1
        Assert.Equal(2.5f, stitched[100 * 64 + 63]);                        // patches 1 and 2
        Assert.Equal(3f, stitched[149 * 64]);                               // patch 2 only (its padding is ignored)
    }
}
