using Ser.Core.Tests.Support;
using Ser.Core.Training;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ser.Core.Tests.Training;

[Collection(LibtorchCollection.Name)]
public sealed class FusedAdamTests(ITestOutputHelper output)
{
    private static readonly long[] Sizes = [1, 7, 1000, (1 << 20) + 3];     // scalar tail, one vector, many, the threaded path

    private static List<Parameter> Parameters(long seed)
    {
        manual_seed(seed);
        return Sizes.Select(n => new Parameter(randn(n))).ToList();
    }

    [Theory]
    [InlineData("adam", 0.0)]
    [InlineData("adam", 0.01)]
    [InlineData("adamw", 0.01)]
    public void TheOnePassStepTakesTorchSharpsStepsAndLearningRates(string kind, double weightDecay)
    {
        var ours = Parameters(5);
        var theirs = Parameters(5);
        using optim.Optimizer fused = kind == "adam" ? new FusedAdam.Adam(ours, 1e-3, weightDecay) : new FusedAdam.AdamW(ours, 1e-3, weightDecay);
        using optim.Optimizer reference = kind == "adam" ? optim.Adam(theirs, 1e-3, weight_decay: weightDecay) : optim.AdamW(theirs, 1e-3, weight_decay: weightDecay);
        manual_seed(9);
        double worst = 0;
        for (int step = 0; step < 6; step++)
        {
            if (step == 3)
            {
                foreach (var group in fused.ParamGroups) group.LearningRate = 3e-4;       // as the trainer's schedules do
                foreach (var group in reference.ParamGroups) group.LearningRate = 3e-4;
            }
            for (int i = 0; i < ours.Count; i++)
            {
                var g = randn(Sizes[i]) * (step + 1);
                ours[i].grad = g.clone();
                theirs[i].grad = g;
            }
            fused.step();
            reference.step();
            for (int i = 0; i < ours.Count; i++)
            {
                double scale = theirs[i].abs().max().item<float>();
                worst = Math.Max(worst, (ours[i] - theirs[i]).abs().max().item<float>() / scale);
            }
        }
        output.WriteLine($"{kind}, weight decay {weightDecay}: max |Δp| / max |p| after 6 steps = {worst:E2}");
        Assert.True(worst < 1e-6, $"{worst:E2}");
    }

    [Fact]
    public void ItsSavedStateIsTorchSharpsAndResumesTheSameSteps()
    {
        var ours = Parameters(6);
        var theirs = Parameters(6);
        using var fused = new FusedAdam.Adam(ours, 1e-3, 0);
        manual_seed(2);
        for (int i = 0; i < ours.Count; i++) ours[i].grad = randn(Sizes[i]);
        fused.step();
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) fused.save_state_dict(writer);
        for (int i = 0; i < ours.Count; i++) using (no_grad()) theirs[i].copy_(ours[i]);

        using var reference = optim.Adam(theirs, 1e-3);
        buffer.Position = 0;
        using (var reader = new BinaryReader(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) reference.load_state_dict(reader);
        for (int i = 0; i < ours.Count; i++)
        {
            var g = randn(Sizes[i]);
            ours[i].grad = g.clone();
            theirs[i].grad = g;
        }
        fused.step();
        reference.step();                                                // step 2 of both: the moments and count carried over
        for (int i = 0; i < ours.Count; i++)
            Assert.True((ours[i] - theirs[i]).abs().max().item<float>() <= 1e-6f * theirs[i].abs().max().item<float>());
    }
}
