using Ser.Torch;
using Ser.Torch.NN;
using Ser.Torch.Optim;
using Xunit;

namespace Ser.Torch.Tests;

[Collection(NativeCounterCollection.Name)]
public class LeakTests
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

    private static void SmallOps(Tensor x, int count)
    {
        for (int i = 0; i < count; i++)
        {
            using var scope = Torch.NewDisposeScope();
            var y = (x * 2 + 1).Relu().Softmax(0);
            _ = y.Sum().Item<float>();
        }
    }

    private sealed class SmallNet : Module<Tensor, Tensor>
    {
        private readonly Conv2d _conv;
        private readonly BatchNorm2d _bn;
        private readonly Linear _head;

        public SmallNet()
        {
            _conv = RegisterModule("conv", new Conv2d(1, 8, 3, padding: 1));
            _bn = RegisterModule("bn", new BatchNorm2d(8));
            _head = RegisterModule("head", new Linear(8, 4));
        }

        public override Tensor Forward(Tensor input)
        {
            using var scope = Torch.NewDisposeScope();
            var x = _bn.Forward(_conv.Forward(input)).Relu();
            x = Functional.MaxPool2d(x, (2, 2));
            x = Functional.AdaptiveAvgPool2d(x, (1, 1)).Flatten(1);
            return scope.MoveToOuter(_head.Forward(x));
        }
    }

    private static void Train(SmallNet net, Adam adam, Tensor x, Tensor y, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            using var scope = Torch.NewDisposeScope();
            adam.ZeroGrad();
            var loss = Losses.CrossEntropy(net.Forward(x), y, labelSmoothing: 0.1);
            loss.Backward();
            GradientClipping.ClipGradNorm(adam.Parameters, 5);
            adam.Step();
        }
    }

    [Fact]
    public void TwentyThousandOpsAndTwoHundredTrainingStepsLeaveNoTensorsAndLittleMemory()
    {
        Torch.ManualSeed(0);
        using var x = Torch.Randn(new long[] { 64 });
        using var net = new SmallNet();
        using var adam = new Adam(net.Parameters(), 1e-3);
        using var images = Torch.Randn(new long[] { 8, 1, 16, 16 });
        using var labels = Torch.RandInt(0, 4, new long[] { 8 });
        // Warm-up: allocator caches, JIT, optimizer state.
        SmallOps(x, 500);
        Train(net, adam, images, labels, 10);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long liveBefore = Torch.LiveTensorCount;
        long rssBefore = RssBytes();

        SmallOps(x, 20_000);
        Train(net, adam, images, labels, 200);

        // No collection before this check: the scopes, not finalisers, must have freed everything.
        Assert.Equal(liveBefore, Torch.LiveTensorCount);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long growth = RssBytes() - rssBefore;
        Assert.True(growth < 50L * 1024 * 1024, $"RSS grew by {growth / 1048576.0:F1} MB");
    }

    [Fact]
    public void UndisposedTensorsAreReleasedByTheFinalizer()
    {
        long before = Torch.LiveTensorCount;
        MakeGarbage();
        for (int i = 0; i < 5 && Torch.LiveTensorCount > before; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.Equal(before, Torch.LiveTensorCount);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void MakeGarbage()
    {
        for (int i = 0; i < 100; i++) _ = Torch.Zeros(new long[] { 10 });
    }
}
