using Ser.Torch;
using Ser.Torch.NN;
using F = Ser.Torch.NN.Functional;

namespace Ser.Torch.Benchmarks;

// Twins of ../shared/reference/models.py (the PyTorch definitions bench_pytorch.py times), layer
// for layer, with the same parameter counts, in-place ReLUs where PyTorch uses inplace=True, and
// each intermediate freed as soon as it is consumed (as CPython's reference counting does).
// Input (N, 1, 96, 64); 4-class logits. The library's own networks (TF "same" padding, pretrained
// YAMNet import, the paper's fusion) are built on the same layers in Ser.Core.

/// <summary>VGGish convolutional part: conv3x3 64-pool-128-pool-256x2-pool-512x2-pool.</summary>
public sealed class VGGishTrunk : Module<Tensor, Tensor>
{
    private readonly Conv2d _c1, _c2, _c31, _c32, _c41, _c42;

    public VGGishTrunk()
    {
        _c1 = RegisterModule("conv1", new Conv2d(1, 64, 3, padding: 1));
        _c2 = RegisterModule("conv2", new Conv2d(64, 128, 3, padding: 1));
        _c31 = RegisterModule("conv3_1", new Conv2d(128, 256, 3, padding: 1));
        _c32 = RegisterModule("conv3_2", new Conv2d(256, 256, 3, padding: 1));
        _c41 = RegisterModule("conv4_1", new Conv2d(256, 512, 3, padding: 1));
        _c42 = RegisterModule("conv4_2", new Conv2d(512, 512, 3, padding: 1));
    }

    private static Tensor ReluPool(Tensor conv)
    {
        using Tensor r = conv.Relu();       // F.relu (not in place), then the conv output is freed
        conv.Dispose();
        return F.MaxPool2d(r, (2, 2));
    }

    /// <summary>pool2 (128×24×16), pool3 (256×12×8), conv4_2 (512×12×8) and pool4 (512×6×4).</summary>
    public (Tensor Pool2, Tensor Pool3, Tensor Conv42, Tensor Pool4) ForwardAll(Tensor input)
    {
        Tensor x = ReluPool(_c1.Forward(input));                                  // 64 × 48 × 32
        Tensor p2 = ReluPool(_c2.Forward(x));                                     // 128 × 24 × 16
        x.Dispose();
        Tensor c31 = _c31.Forward(p2);
        x = c31.DisposeAndReturn(c31.Relu());
        Tensor p3 = ReluPool(_c32.Forward(x));                                    // 256 × 12 × 8
        x.Dispose();
        Tensor c41 = _c41.Forward(p3);
        x = c41.DisposeAndReturn(c41.Relu());
        Tensor c42 = _c42.Forward(x);
        x.Dispose();
        Tensor c4 = c42.DisposeAndReturn(c42.Relu());                             // 512 × 12 × 8
        Tensor p4 = F.MaxPool2d(c4, (2, 2));                                      // 512 × 6 × 4
        return (p2, p3, c4, p4);
    }

    public override Tensor Forward(Tensor input)
    {
        var (p2, p3, c4, p4) = ForwardAll(input);
        p2.Dispose();
        p3.Dispose();
        c4.Dispose();
        return p4;
    }
}

/// <summary>VGGish: trunk → fc 4096 → 4096 → 128 (ReLU each) → 4 classes; flatten in NCHW order.</summary>
public sealed class VGGishNet : Module<Tensor, Tensor>
{
    private readonly VGGishTrunk _features;
    private readonly Linear _fc1, _fc2, _fc3, _head;

    public VGGishNet(int classes = 4)
    {
        _features = RegisterModule("features", new VGGishTrunk());
        var emb = new Sequential(new Linear(512 * 6 * 4, 4096), new InPlaceReLU(), new Linear(4096, 4096), new InPlaceReLU(),
            new Linear(4096, 128), new InPlaceReLU());
        RegisterModule("embeddings", emb);
        _fc1 = (Linear)emb[0];
        _fc2 = (Linear)emb[2];
        _fc3 = (Linear)emb[4];
        _head = RegisterModule("head", new Linear(128, classes));
    }

    public override Tensor Forward(Tensor input)
    {
        Tensor x = _features.Forward(input);
        x = x.DisposeAndReturn(x.Flatten(1));
        x = x.DisposeAndReturn(_fc1.Forward(x)).ReluInPlace();
        x = x.DisposeAndReturn(_fc2.Forward(x)).ReluInPlace();
        x = x.DisposeAndReturn(_fc3.Forward(x)).ReluInPlace();
        return x.DisposeAndReturn(_head.Forward(x));
    }
}

/// <summary>ReLU in place (PyTorch's nn.ReLU(inplace=True)); returns an alias of its input.</summary>
public sealed class InPlaceReLU : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.ReluInPlace().Alias();
}

/// <summary>MobileNet v1 as YAMNet (models.py's reading: PyTorch padding k/2, BN eps 1e-3, no conv bias).</summary>
public sealed class YAMNetBackbone : Module<Tensor, Tensor>
{
    private static readonly (int Out, int Stride)[] Blocks =
    {
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
    };

    private readonly List<(Conv2d Conv, BatchNorm2d Bn)> _layers = new();

    public YAMNetBackbone()
    {
        int index = 0;
        void Add(int cin, int cout, int k, int stride, int groups)
        {
            var conv = new Conv2d(cin, cout, k, stride, padding: k / 2, groups: groups, bias: false);
            var bn = new BatchNorm2d(cout, eps: 1e-3);
            RegisterModule($"layer{index}_conv", conv);
            RegisterModule($"layer{index}_bn", bn);
            _layers.Add((conv, bn));
            index++;
        }
        Add(1, 32, 3, 2, 1);
        int c = 32;
        foreach (var (cout, stride) in Blocks)
        {
            Add(c, c, 3, stride, c);          // depthwise
            Add(c, cout, 1, 1, 1);            // pointwise
            c = cout;
        }
    }

    public const int OutputChannels = 1024;

    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (var (conv, bn) in _layers)
        {
            Tensor y = conv.Forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = y.DisposeAndReturn(bn.Forward(y)).ReluInPlace();
        }
        Tensor pooled = F.AdaptiveAvgPool2d(x, (1, 1));                          // 1024 × 1 × 1
        x.Dispose();
        return pooled.DisposeAndReturn(pooled.Flatten(1));
    }
}

/// <summary>YAMNet: backbone → global average pool → Linear(1024, 4).</summary>
public sealed class YAMNetNet : Module<Tensor, Tensor>
{
    private readonly YAMNetBackbone _backbone;
    private readonly Linear _head;

    public YAMNetNet(int classes = 4)
    {
        _backbone = RegisterModule("backbone", new YAMNetBackbone());
        _head = RegisterModule("head", new Linear(YAMNetBackbone.OutputChannels, classes));
    }

    public override Tensor Forward(Tensor input)
    {
        Tensor x = _backbone.Forward(input);
        return x.DisposeAndReturn(_head.Forward(x));
    }
}

/// <summary>models.py's LateFusion: VGGish pool2/3/4 → 1×1 conv to 128 + ReLU → GAP, YAMNet embedding, concat (1408) → 256 → 4.</summary>
public sealed class LateFusionNet : Module<Tensor, Tensor>
{
    private readonly VGGishTrunk _vggish;
    private readonly YAMNetBackbone _yamnet;
    private readonly Conv2d _r2, _r3, _r4;
    private readonly Linear _fc1, _fc2;

    public LateFusionNet(int classes = 4, int reduce = 128, int hidden = 256)
    {
        _vggish = RegisterModule("vggish", new VGGishTrunk());
        _yamnet = RegisterModule("yamnet", new YAMNetBackbone());
        _r2 = RegisterModule("reduce2", new Conv2d(128, reduce, 1));
        _r3 = RegisterModule("reduce3", new Conv2d(256, reduce, 1));
        _r4 = RegisterModule("reduce4", new Conv2d(512, reduce, 1));
        var classifier = new Sequential(new Linear(3 * reduce + YAMNetBackbone.OutputChannels, hidden), new InPlaceReLU(), new Linear(hidden, classes));
        RegisterModule("classifier", classifier);
        _fc1 = (Linear)classifier[0];
        _fc2 = (Linear)classifier[2];
    }

    private static Tensor ReduceAndPool(Conv2d reduce, Tensor map)
    {
        using Tensor c = reduce.Forward(map);
        using Tensor r = c.Relu();
        using Tensor g = F.AdaptiveAvgPool2d(r, (1, 1));
        return g.Flatten(1);
    }

    public override Tensor Forward(Tensor input)
    {
        var (p2, p3, c4, p4) = _vggish.ForwardAll(input);
        c4.Dispose();
        Tensor z2 = ReduceAndPool(_r2, p2);
        Tensor z3 = ReduceAndPool(_r3, p3);
        Tensor z4 = ReduceAndPool(_r4, p4);
        p2.Dispose();
        p3.Dispose();
        p4.Dispose();
        Tensor y = _yamnet.Forward(input);
        Tensor z = Torch.Cat(new[] { z2, z3, z4, y }, 1);                        // 1408
        z2.Dispose();
        z3.Dispose();
        z4.Dispose();
        y.Dispose();
        z = z.DisposeAndReturn(_fc1.Forward(z)).ReluInPlace();
        return z.DisposeAndReturn(_fc2.Forward(z));
    }
}

public static class ReferenceModels
{
    public static readonly string[] Names = { "vggish", "yamnet", "fusion" };

    public static Module<Tensor, Tensor> Build(string name, ulong seed = 0)
    {
        Torch.ManualSeed(seed);
        return name switch
        {
            "vggish" => new VGGishNet(),
            "yamnet" => new YAMNetNet(),
            "fusion" => new LateFusionNet(),
            _ => throw new ArgumentException($"unknown model '{name}' (vggish, yamnet, fusion)", nameof(name)),
        };
    }
}
