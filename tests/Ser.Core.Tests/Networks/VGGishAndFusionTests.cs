using Ser.Core.Networks;
using Ser.Core.Tests.Support;
using Ser.Torch;
using Ser.Torch.NN;
using Ser.Torch.Serialization;
using Xunit;
using T = Ser.Torch.Torch;

namespace Ser.Core.Tests.Networks;

[Collection(Ser.Core.Tests.Support.LibtorchCollection.Name)]
public sealed class VGGishAndFusionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-nets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void VGGishHasTheOriginalShapesNamesAndParameterCount()
    {
        using var net = new VGGish();
        using var scope = T.NewDisposeScope();
        var x = T.Randn(new long[] { 2, 1, 96, 64 });
        using (var maps = net.ForwardMaps(x))
        {
            Assert.Equal(new long[] { 2, 128, 24, 16 }, maps.Pool2.Shape);
            Assert.Equal(new long[] { 2, 256, 12, 8 }, maps.Pool3.Shape);
            Assert.Equal(new long[] { 2, 512, 12, 8 }, maps.Conv4.Shape);
            Assert.Equal(new long[] { 2, 512, 6, 4 }, maps.Pool4.Shape);
        }
        Assert.Equal(new long[] { 2, 128 }, net.Forward(x).Shape);
        var names = net.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3_1.weight", "conv3_1.bias", "conv3_2.weight", "conv3_2.bias",
            "conv4_1.weight", "conv4_1.bias", "conv4_2.weight", "conv4_2.bias", "fc1_1.weight", "fc1_1.bias", "fc1_2.weight", "fc1_2.bias", "fc2.weight", "fc2.bias" }, names);
        Assert.Equal(72_141_184, net.ParameterCount());           // the original VGGish: 72.1 M
        Assert.Throws<ArgumentException>(() => net.Forward(T.Randn(new long[] { 1, 1, 64, 96 })));
    }

    [Fact]
    public void UserSuppliedWeightsLoadAndTheFlattenOrderIsAPermutationOfFc1()
    {
        T.ManualSeed(3);
        var small = new VGGishOptions { WidthMultiplier = 0.125, Flatten = FlattenOrder.ChannelHeightWidth };
        using var chw = new VGGish(small);
        string file = Path.Combine(_dir, "vggish.safetensors");
        // Rewrite fc1_1's columns from (c, h, w) to (h, w, c) order: the same network in TF's flatten order.
        var state = chw.StateDict().ToDictionary(p => p.Key, p => p.Value);
        using var scope = T.NewDisposeScope();
        int c = chw.Pool4Channels;
        var w = state["fc1_1.weight"];
        state["fc1_1.weight"] = w.Reshape(w.Size(0), c, 6, 4).Permute(0, 2, 3, 1).Reshape(w.Size(0), c * 24).Contiguous();
        SafeTensors.Save(file, state);
        using var hwc = VGGish.Load(file, new VGGishOptions { WidthMultiplier = 0.125, Flatten = FlattenOrder.HeightWidthChannel });
        chw.Eval();
        hwc.Eval();
        var x = T.Randn(new long[] { 3, 1, 96, 64 });
        Assert.True(chw.Forward(x).AllClose(hwc.Forward(x), 1e-4, 1e-5));
        var mismatch = Assert.Throws<StateDictMismatchException>(() => VGGish.Load(file, new VGGishOptions { Flatten = FlattenOrder.HeightWidthChannel }));
        Assert.Contains("conv1.weight", mismatch.Message);
    }

    [Fact]
    public void LateFusionProducesLogitsAndGradientsInBothBranches()
    {
        T.ManualSeed(5);
        using var net = new LateFusion(new LateFusionOptions { Classes = 4, VGGishWidth = 0.25, YamNetWidth = 0.25 });
        using var scope = T.NewDisposeScope();
        var x = T.Randn(new long[] { 3, 1, 96, 64 });
        var logits = net.Forward(x);
        Assert.Equal(new long[] { 3, 4 }, logits.Shape);
        Losses.CrossEntropy(logits, T.FromArray(new long[] { 0, 1, 3 })).Backward();
        Assert.NotNull(net.VGGish.NamedParameters().First(p => p.Name == "conv1.weight").Parameter.Grad);
        Assert.NotNull(net.YamNet.NamedParameters().First(p => p.Name == "layer1.conv.weight").Parameter.Grad);
        // The VGGish fully connected layers and the YAMNet classifier are not part of the fusion.
        Assert.Null(net.VGGish.NamedParameters().First(p => p.Name == "fc1_1.weight").Parameter.Grad);
        Assert.Contains(net.NamedParameters(), p => p.Name == "reduce2.weight");
        Assert.Contains(net.NamedParameters(), p => p.Name == "fuse.weight");
    }

    [SkippableFact]
    public void PretrainedYamNetLoadsIntoTheFusionBranch()
    {
        string? dir = SharedData.YamnetModels;
        Skip.If(dir is null, SharedData.MissingModelsMessage);
        using var net = new LateFusion(new LateFusionOptions { VGGishWidth = 0.25, YamNetFoldedBatchNorm = true });
        net.LoadPretrainedYamNet(Path.Combine(dir!, "yamnet_folded_f32.safetensors"));
        net.YamNet.Freeze();
        Assert.Equal(net.ParameterCount() - 3_729_481, net.ParameterCount(trainableOnly: true));
        using var wrong = new LateFusion(new LateFusionOptions { VGGishWidth = 0.25 });
        Assert.Throws<InvalidOperationException>(() => wrong.LoadPretrainedYamNet(Path.Combine(dir!, "yamnet_folded_f32.safetensors")));
    }
}
