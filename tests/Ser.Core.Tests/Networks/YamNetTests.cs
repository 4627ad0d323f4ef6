using Ser.Core.Features;
using Ser.Core.Networks;
using Ser.Core.Segmentation;
using Ser.Core.Tests.Support;
using Ser.Core.Torch;
using Xunit;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace Ser.Core.Tests.Networks;

[Collection(Ser.Core.Tests.Support.LibtorchCollection.Name)]
public class YamNetTests(ITestOutputHelper output)
{
    [Fact]
    public void ShapesFollowTheMobileNetLayout()
    {
        using var net = new YamNet(new YamNetOptions { Classes = 4 });
        using var scope = NewDisposeScope();
        var x = randn(2, 1, 96, 64);
        Assert.Equal(new long[] { 2, 1024, 3, 2 }, net.FeatureMap(x).shape);
        Assert.Equal(new long[] { 2, 1024 }, net.Embedding(x).shape);
        Assert.Equal(new long[] { 2, 4 }, net.forward(x).shape);
        Assert.Contains(net.named_parameters(), p => p.name == "layer14.pointwise_bn.weight");
        Assert.Contains(net.named_buffers(), b => b.name == "layer14.pointwise_bn.running_mean");
        using var folded = new YamNet(new YamNetOptions { FoldedBatchNorm = true });
        Assert.Equal(3_729_481, StateDict.ParameterCount(folded));
        using var half = new YamNet(new YamNetOptions { WidthMultiplier = 0.5, Classes = 4 });
        Assert.Equal(512, half.EmbeddingSize);
        Assert.Throws<ArgumentException>(() => net.forward(randn(2, 96, 64)));
        // TensorFlow "SAME" padding on an odd size: 97 frames → 49 after the stem, 25, 13, 7, 4 after the stride-2 blocks.
        Assert.Equal(new long[] { 1, 1024, 4, 2 }, net.FeatureMap(randn(1, 1, 97, 64)).shape);
    }

    [SkippableTheory]
    [InlineData("zeros")]
    [InlineData("sine440")]
    public void PretrainedWeightsReproduceTheReferenceEmbeddingsAndScores(string signal)
    {
        string? dir = SharedData.YamnetModels;
        Skip.If(dir is null, SharedData.MissingModelsMessage);
        var reference = SafeTensors.Load(Path.Combine(dir!, "yamnet_reference_outputs.safetensors"));
        try
        {
            // 3 s at 16 kHz, padded at the end to 54000 samples as YAMNet's pad_waveform does.
            var x = new float[54000];
            if (signal == "sine440") for (int n = 0; n < 48000; n++) x[n] = (float)Math.Sin(2 * Math.PI * 440 * n / 16000.0);   // double phase, as the reference
            var logMel = new LogMel(LogMelOptions.YAMNet).Compute(x);
            Assert.Equal(336, logMel.Frames);
            double melError = MaxRelative(logMel.Data.ToArray(), PatchTensors.ToArray(reference[signal + "_log_mel"]));
            var patches = new PatchSegmenter(new PatchOptions { Frames = 96, Hop = 48 }).Segment(logMel, signal);
            Assert.Equal(6, patches.Count);
            var batch = new float[6 * 96 * 64];
            for (int i = 0; i < 6; i++) patches[i].Data.CopyTo(batch, i * 96 * 64);

            using var net = YamNet.LoadPretrained(Path.Combine(dir!, "yamnet_folded_f32.safetensors"));
            net.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var input = PatchTensors.FromSpan(batch, 6);
            var embedding = PatchTensors.ToArray(net.Embedding(input));
            var scores = PatchTensors.ToArray(net.forward(input).sigmoid());
            double embError = MaxRelative(embedding, PatchTensors.ToArray(reference[signal + "_embeddings"]));
            double scoreError = MaxRelative(scores, PatchTensors.ToArray(reference[signal + "_scores"]));
            output.WriteLine($"{signal}: log-mel {melError:E2}, embeddings {embError:E2}, scores {scoreError:E2} (max |Δ| / max |reference|)");
            Assert.True(melError <= 1e-3, $"log-mel relative error {melError:E2}");
            Assert.True(embError <= 1e-3, $"embedding relative error {embError:E2}");
            Assert.True(scoreError <= 1e-3, $"score relative error {scoreError:E2}");
        }
        finally
        {
            SafeTensors.DisposeAll(reference);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheInferenceLayoutComputesWhatTheConvolutionsCompute(bool folded)
    {
        // Below 16 inputs on one thread, evaluation runs channels-last with the pointwise convolutions as matrix
        // products; 16 inputs take the convolutions. The first three of both batches must agree.
        int threads = TorchThreads.Count;
        TorchThreads.Count = 1;
        try
        {
            manual_seed(11);
            using var net = new YamNet(new YamNetOptions { Classes = 4, FoldedBatchNorm = folded });
            using var scope = NewDisposeScope();
            using (no_grad())
                foreach (var (name, b) in net.named_buffers())
                    if (name.EndsWith("running_var", StringComparison.Ordinal)) b.uniform_(0.5, 2);
                    else if (name.EndsWith("running_mean", StringComparison.Ordinal)) b.uniform_(-0.5, 0.5);
            net.eval();
            using var noGrad = no_grad();
            var sixteen = randn(16, 1, 96, 64);
            Assert.True(YamNet.PointwiseAsMatrixProducts(3, training: false));
            Assert.False(YamNet.PointwiseAsMatrixProducts(16, training: false));
            var few = net.FeatureMap(sixteen.narrow(0, 0, 3));
            var all = net.FeatureMap(sixteen).narrow(0, 0, 3);
            Assert.True(few.is_contiguous());
            double error = (few - all).abs().max().item<float>() / all.abs().max().item<float>();
            output.WriteLine($"folded {folded}: max |Δ| / max |map| = {error:E2}");
            Assert.True(error < 1e-5, $"relative difference {error:E2}");
            Assert.Equal(PatchTensors.ToArray(net.forward(sixteen.narrow(0, 0, 3))), PatchTensors.ToArray(net.forward(sixteen.narrow(0, 0, 3))));
        }
        finally
        {
            TorchThreads.Count = threads;
        }
    }

    /// <summary>max |a − b| / max |b| (b = reference).</summary>
    private static double MaxRelative(float[] a, float[] b)
    {
        Assert.Equal(b.Length, a.Length);
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < a.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(a[i] - b[i]));
            maxRef = Math.Max(maxRef, Math.Abs(b[i]));
        }
        return maxDiff / Math.Max(maxRef, 1e-12);
    }
}
