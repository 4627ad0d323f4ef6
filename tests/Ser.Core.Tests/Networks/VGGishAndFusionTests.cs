using Ser.Core.Networks;
using Ser.Core.Tests.Support;
using Ser.Core.Torch;
using Ser.Core.Training;
using Xunit;
using static TorchSharp.torch;

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
        using var scope = NewDisposeScope();
        var x = randn(2, 1, 96, 64);
        using (var maps = net.ForwardMaps(x))
        {
            Assert.Equal(new long[] { 2, 128, 24, 16 }, maps.Pool2.shape);
            Assert.Equal(new long[] { 2, 256, 12, 8 }, maps.Pool3.shape);
            Assert.Equal(new long[] { 2, 512, 12, 8 }, maps.Conv4.shape);
            Assert.Equal(new long[] { 2, 512, 6, 4 }, maps.Pool4.shape);
        }
        Assert.Equal(new long[] { 2, 128 }, net.forward(x).shape);
        var names = net.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(new[] { "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3_1.weight", "conv3_1.bias", "conv3_2.weight", "conv3_2.bias",
            "conv4_1.weight", "conv4_1.bias", "conv4_2.weight", "conv4_2.bias", "fc1_1.weight", "fc1_1.bias", "fc1_2.weight", "fc1_2.bias", "fc2.weight", "fc2.bias" }, names);
        Assert.Equal(72_141_184, StateDict.ParameterCount(net));    // the original VGGish: 72.1 M
        Assert.Throws<ArgumentException>(() => net.forward(randn(1, 1, 64, 96)));
    }

    [Fact]
    public void UserSuppliedWeightsLoadAndTheFlattenOrderIsAPermutationOfFc1()
    {
        manual_seed(3);
        var small = new VGGishOptions { WidthMultiplier = 0.125, Flatten = FlattenOrder.ChannelHeightWidth };
        using var chw = new VGGish(small);
        string file = Path.Combine(_dir, "vggish.safetensors");
        // Rewrite fc1_1's columns from (c, h, w) to (h, w, c) order: the same network in TF's flatten order.
        var state = chw.state_dict().ToDictionary(p => p.Key, p => p.Value);
        using var scope = NewDisposeScope();
        int c = chw.Pool4Channels;
        var w = state["fc1_1.weight"];
        state["fc1_1.weight"] = w.reshape(w.size(0), c, 6, 4).permute(0, 2, 3, 1).reshape(w.size(0), c * 24).contiguous();
        SafeTensors.Save(file, state);
        using var hwc = VGGish.Load(file, new VGGishOptions { WidthMultiplier = 0.125, Flatten = FlattenOrder.HeightWidthChannel });
        chw.eval();
        hwc.eval();
        var x = randn(3, 1, 96, 64);
        Assert.True(chw.forward(x).allclose(hwc.forward(x), 1e-4, 1e-5));
        var mismatch = Assert.Throws<StateDictMismatchException>(() => VGGish.Load(file, new VGGishOptions { Flatten = FlattenOrder.HeightWidthChannel }));
        Assert.Contains("conv1.weight", mismatch.Message);
    }

    [Fact]
    public void LateFusionProducesLogitsAndGradientsInBothBranches()
    {
        manual_seed(5);
        using var net = new LateFusion(new LateFusionOptions { Classes = 4, VGGishWidth = 0.25, YamNetWidth = 0.25 });
        using var scope = NewDisposeScope();
        var x = randn(3, 1, 96, 64);
        var logits = net.forward(x);
        Assert.Equal(new long[] { 3, 4 }, logits.shape);
        Losses.CrossEntropy(logits, tensor(new long[] { 0, 1, 3 })).backward();
        Assert.NotNull(net.VGGish.named_parameters().First(p => p.name == "conv1.weight").parameter.grad);
        Assert.NotNull(net.YamNet.named_parameters().First(p => p.name == "layer1.conv.weight").parameter.grad);
        // The VGGish fully connected layers and the YAMNet classifier are not part of the fusion.
        Assert.Null(net.VGGish.named_parameters().First(p => p.name == "fc1_1.weight").parameter.grad);
        Assert.Contains(net.named_parameters(), p => p.name == "reduce2.weight");
        Assert.Contains(net.named_parameters(), p => p.name == "fuse.weight");
        Assert.Contains(net.named_parameters(), p => p.name == "yamnet.layer14.pointwise_bn.weight");
    }

    [SkippableFact]
    public void PretrainedYamNetLoadsIntoTheFusionBranch()
    {
        string? dir = SharedData.YamnetModels;
        Skip.If(dir is null, SharedData.MissingModelsMessage);
        using var net = new LateFusion(new LateFusionOptions { VGGishWidth = 0.25, YamNetFoldedBatchNorm = true });
        net.LoadPretrainedYamNet(Path.Combine(dir!, "yamnet_folded_f32.safetensors"));
        StateDict.Freeze(net.YamNet);
        Assert.Equal(StateDict.ParameterCount(net) - 3_729_481, StateDict.ParameterCount(net, trainableOnly: true));
        using var wrong = new LateFusion(new LateFusionOptions { VGGishWidth = 0.25 });
        Assert.Throws<InvalidOperationException>(() => wrong.LoadPretrainedYamNet(Path.Combine(dir!, "yamnet_folded_f32.safetensors")));
    }
}
