using Ser.Core.Data;
using Ser.Core.Networks;
using Ser.Core.Torch;
using Ser.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Ser.Core.Tests.Torch;

/// <summary>Every step and batch runs in a dispose scope: tensors do not outlive them, and memory stays flat.</summary>
[Collection(Support.LibtorchCollection.Name)]
public class TorchMemoryTests
{
    private static long RssBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }
        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }

    private static long LiveTensors() => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    private static void SmallOps(Tensor x, int count)
    {
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            var y = (x * 2 + 1).relu().softmax(0);
            _ = y.sum().item<float>();
        }
    }

    /// <summary>100 patches in batches of 2: 50 training steps per epoch.</summary>
    private static TrainingResult Train(int epochs)
    {
        var rng = new Random(3);
        var clips = new List<TrainingClip>();
        for (int c = 0; c < 50; c++)
        {
            var patches = new List<float[]>();
            for (int p = 0; p < 2; p++) patches.Add(Enumerable.Range(0, 96 * 64).Select(_ => (float)rng.NextDouble()).ToArray());
            clips.Add(new TrainingClip($"c{c}", $"s{c % 5}", c % 2, patches));
        }
        var options = new FusionTrainerOptions
        {
            Architecture = Architecture.Fusion, VGGishWidth = 0.125, YamNetWidth = 0.125, Epochs = epochs, BatchSize = 2,
            ValidationFraction = 0, Threads = 1, Seed = 1,
        };
        return new EmotionNetworkTrainer(options, new LabelSet(new[] { Emotion.Neutral, Emotion.Angry })).Train(clips);
    }

    [Fact]
    public void TwentyThousandOpsAndTwoHundredTrainingStepsLeaveNoTensorsAndLittleMemory()
    {
        TorchRuntime.EnsureInitialized();
        manual_seed(0);
        using var x = randn(64);
        // Warm-up: allocator caches, JIT, libtorch's kernels.
        SmallOps(x, 500);
        Train(epochs: 1).Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long liveBefore = LiveTensors();
        long rssBefore = RssBytes();

        SmallOps(x, 20_000);
        using (TrainingResult result = Train(epochs: 4))
        {
            Assert.Equal(200, result.History.Count * 50);
        }

        // No collection before this check: the scopes, not finalisers, must have freed everything.
        Assert.Equal(liveBefore, LiveTensors());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long growth = RssBytes() - rssBefore;
        Assert.True(growth < 50L * 1024 * 1024, $"RSS grew by {growth / 1048576.0:F1} MB");
    }

    /// <summary>
    /// A forward pass frees each activation as soon as the next layer has read it, as PyTorch's reference counting does,
    /// in training as at inference (what autograd saves lives on in the graph, not in handles). When the last convolution
    /// has run, YAMNet holds only that convolution's input and output; VGGish also holds pool2 and pool3, which it
    /// returns for the fusion head.
    /// </summary>
    [Theory]
    [InlineData("yamnet", false, 1, 2)]
    [InlineData("yamnet", true, 1, 2)]        // batch norm by Ser.Core's kernel
    [InlineData("yamnet", true, 2, 2)]        // batch norm by libtorch
    [InlineData("vggish", false, 1, 4)]
    [InlineData("vggish", true, 1, 4)]
    public void AForwardPassHoldsOnlyTheActivationsStillToBeRead(string network, bool training, int threads, int alive)
    {
        TorchRuntime.EnsureInitialized();
        using var threadCount = Support.TorchThreadCount.Set(threads);
        manual_seed(0);
        using nn.Module<Tensor, Tensor> net = network == "yamnet"
            ? new YamNet(new YamNetOptions { WidthMultiplier = 0.25, Classes = 2 })
            : new VGGish(new VGGishOptions { WidthMultiplier = 0.125 });
        net.train(training);
        // 16 patches: YAMNet keeps its standard layout, where every convolution runs as its module.
        using var input = randn(16, 1, 96, 64);
        Conv2d last = net.modules().OfType<Conv2d>().Last();
        long before = LiveTensors();
        long atLastConvolution = -1;
        var hook = last.register_forward_hook((_, _, output) =>
        {
            atLastConvolution = LiveTensors();
            return output;
        });
        using (NewDisposeScope())
        {
            Tensor output = net.forward(input);
            if (training) output.sum().backward();
        }
        hook.remove();
        Assert.Equal(alive, atLastConvolution - before);
        Assert.Equal(before, LiveTensors());
    }
}
