using Ser.Torch;
using Ser.Torch.NN;
using Xunit;

namespace Ser.Torch.Tests;

public class ThreadTests
{
    [Fact]
    public void ConcurrentForwardPassesOfOneEvalModuleMatchSequentialOnes()
    {
        Torch.ManualSeed(21);
        using var net = new Sequential(
            new Conv2d(1, 8, 3, padding: 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
            new Conv2d(8, 16, 3, padding: 1), new ReLU(), new AdaptiveAvgPool2d(1, 1), new Flatten(), new Linear(16, 4));
        net.Eval();
        const int threads = 8, perThread = 20;
        var inputs = new Tensor[threads * perThread];
        var expected = new float[inputs.Length][];
        using (Torch.NoGrad())
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = DisposeScope.Detach(Torch.Randn(new long[] { 2, 1, 12, 10 }));
                using var y = net.Forward(inputs[i]);
                expected[i] = y.ToArray<float>();
            }
        }
        var actual = new float[inputs.Length][];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            using var noGrad = Torch.NoGrad();
            for (int k = 0; k < perThread; k++)
            {
                int i = t * perThread + k;
                using var scope = Torch.NewDisposeScope();
                actual[i] = net.Forward(inputs[i]).ToArray<float>();
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
            inputs[i].Dispose();
        }
    }
}
