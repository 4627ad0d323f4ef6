using Ser.Core.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ser.Benchmarks;

// TorchSharp twins of ../shared/reference/models.py (the PyTorch definitions bench_pytorch.py times), layer for
// layer, with the same parameter counts and in-place ReLUs where PyTorch uses inplace=True and where Ser.Core uses them (after VGGish's convolutions, whose outputs nothing else reads). Input (N, 1, 96, 64);
// 4-class logits. Every forward runs in a dispose scope, and frees each intermediate as soon as the next layer has
// consumed it (Ser.Core.Torch.Activations), as PyTorch's reference counting does. The library's own networks (TF
// "same" padding, pretrained YAMNet import, the paper's fusion) are built from the same layers and run them the same
// way (YAMNet's inference layout and VGGish's in-place ReLUs included).

/// <summary>VGGish convolutional part: conv3x3 64-pool-128-pool-256x2-pool-512x2-pool.</summary>
internal sealed class VGGishTrunk : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2, conv3_1, conv3_2, conv4_1, conv4_2;

    public VGGishTrunk() : base("features")
    {
        conv1 = nn.Conv2d(1, 64, 3, padding: 1);
        conv2 = nn.Conv2d(64, 128, 3, padding: 1);
        conv3_1 = nn.Conv2d(128, 256, 3, padding: 1);
        conv3_2 = nn.Conv2d(256, 256, 3, padding: 1);
        conv4_1 = nn.Conv2d(256, 512, 3, padding: 1);
        conv4_2 = nn.Conv2d(512, 512, 3, padding: 1);
        RegisterComponents();
    }

    private static Tensor ConvRelu(Conv2d conv, Tensor x) => conv.forward(x).relu_();

    private static Tensor Pool(Tensor x) => F.max_pool2d(x, new long[] { 2, 2 }, new long[] { 2, 2 });

    /// <summary>
    /// pool2 (128×24×16), pool3 (256×12×8), conv4_2 (512×12×8) and pool4 (512×6×4), in the caller's scope. As Ser.Core's
    /// VGGish runs it: ReLU in place on each convolution's output, each intermediate freed once consumed.
    /// </summary>
    public (Tensor Pool2, Tensor Pool3, Tensor Conv42, Tensor Pool4) ForwardAll(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor p1 = ConvRelu(conv1, input).Then(Pool);
        Tensor p2 = ConvRelu(conv2, p1).Then(Pool);
        p1.Dispose();
        Tensor p3 = ConvRelu(conv3_1, p2).Then(x => ConvRelu(conv3_2, x)).Then(Pool);
        Tensor c4 = ConvRelu(conv4_1, p3).Then(x => ConvRelu(conv4_2, x));
        Tensor p4 = Pool(c4);
        return (p2.MoveToOuterDisposeScope(), p3.MoveToOuterDisposeScope(), c4.MoveToOuterDisposeScope(), p4.MoveToOuterDisposeScope());
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardAll(input).Pool4.MoveToOuterDisposeScope();
    }
}

/// <summary>VGGish: trunk → fc 4096 → 4096 → 128 (ReLU each) → 4 classes; flatten in NCHW order.</summary>
internal sealed class VGGishNet : nn.Module<Tensor, Tensor>
{
    private readonly VGGishTrunk features;
    private readonly Sequential embeddings;
    private readonly Linear head;

    public VGGishNet(int classes = 4) : base("vggish")
    {
        features = new VGGishTrunk();
        embeddings = nn.Sequential(nn.Linear(512 * 6 * 4, 4096), nn.ReLU(inplace: true), nn.Linear(4096, 4096), nn.ReLU(inplace: true),
            nn.Linear(4096, 128), nn.ReLU(inplace: true));
        head = nn.Linear(128, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return head.forward(embeddings.forward(features.forward(input).flatten(1))).MoveToOuterDisposeScope();
    }
}

/// <summary>MobileNet v1 as YAMNet (models.py's reading: PyTorch padding k/2, BN eps 1e-3, no conv bias).</summary>
internal sealed class YAMNetBackbone : nn.Module<Tensor, Tensor>
{
    private static readonly (int Out, int Stride)[] Blocks =
    {
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
    };

    private readonly List<(Conv2d Conv, BatchNorm2d Bn)> _layers = new();

    public const int OutputChannels = 1024;

    public YAMNetBackbone() : base("backbone")
    {
        int index = 0;
        void Add(int cin, int cout, int k, int stride, int groups)
        {
            var conv = nn.Conv2d(cin, cout, k, stride: stride, padding: k / 2, groups: groups, bias: false);
            var bn = nn.BatchNorm2d(cout, eps: 1e-3);
            register_module($"layer{index}_conv", conv);
            register_module($"layer{index}_bn", bn);
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

    protected override void RegisterComponents()
    {
    }

    /// <summary>
    /// As the library's YAMNet runs it: where libtorch would run the pointwise convolutions as GEMMs anyway
    /// (YamNet.PointwiseAsMatrixProducts), channels-last activations and each pointwise convolution as one matrix
    /// product in the faster orientation (see Ser.Core's YamNet.ConvUnit); otherwise the convolutions as they are.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        bool channelsLast = Ser.Core.Networks.YamNet.PointwiseAsMatrixProducts(input.shape[0], training);
        Tensor x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            var (conv, bn) = _layers[i];
            bool pointwise = conv.weight!.shape[2] == 1 && conv.weight.shape[3] == 1;
            Tensor y = channelsLast && pointwise
                ? x.permute(0, 2, 3, 1).Then(t => F.linear(t, conv.weight.flatten(1))).Then(t => t.permute(0, 3, 1, 2))
                : conv.forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            if (i == 0 && channelsLast) y = y.Then(TensorLayout.ToChannelsLast);
            x = y.Then(t => TrainingBatchNorm.Handles(bn, t) ? TrainingBatchNorm.Forward(bn, t) : bn.call(t)).relu_();
        }
        return F.adaptive_avg_pool2d(x, new long[] { 1, 1 }).flatten(1).MoveToOuterDisposeScope();
    }
}

/// <summary>YAMNet: backbone → global average pool → Linear(1024, 4).</summary>
internal sealed class YAMNetNet : nn.Module<Tensor, Tensor>
{
    private readonly YAMNetBackbone backbone;
    private readonly Linear head;

    public YAMNetNet(int classes = 4) : base("yamnet")
    {
        backbone = new YAMNetBackbone();
        head = nn.Linear(YAMNetBackbone.OutputChannels, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return head.forward(backbone.forward(input)).MoveToOuterDisposeScope();
    }
}

/// <summary>models.py's LateFusion: VGGish pool2/3/4 → 1×1 conv to 128 + ReLU → GAP, YAMNet embedding, concat (1408) → 256 → 4.</summary>
internal sealed class LateFusionNet : nn.Module<Tensor, Tensor>
{
    private readonly VGGishTrunk vggish;
    private readonly YAMNetBackbone yamnet;
    private readonly Conv2d reduce2, reduce3, reduce4;
    private readonly Sequential classifier;

    public LateFusionNet(int classes = 4, int reduce = 128, int hidden = 256) : base("fusion")
    {
        vggish = new VGGishTrunk();
        yamnet = new YAMNetBackbone();
        reduce2 = nn.Conv2d(128, reduce, 1);
        reduce3 = nn.Conv2d(256, reduce, 1);
        reduce4 = nn.Conv2d(512, reduce, 1);
        classifier = nn.Sequential(nn.Linear(3 * reduce + YAMNetBackbone.OutputChannels, hidden), nn.ReLU(inplace: true), nn.Linear(hidden, classes));
        RegisterComponents();
    }

    private static Tensor ReduceAndPool(Conv2d reduce, Tensor map) => F.adaptive_avg_pool2d(reduce.forward(map).relu(), new long[] { 1, 1 }).flatten(1);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (p2, p3, c4, p4) = vggish.ForwardAll(input);
        c4.Dispose();
        Tensor z = cat(new[] { ReduceAndPool(reduce2, p2), ReduceAndPool(reduce3, p3), ReduceAndPool(reduce4, p4), yamnet.forward(input) }, 1);   // 1408
        return classifier.forward(z).MoveToOuterDisposeScope();
    }
}

internal static class TorchTwins
{
    public static nn.Module<Tensor, Tensor> Build(string name, long seed = 0)
    {
        manual_seed(seed);
        using var scope = NewDisposeScope();          // frees initialisation temporaries
        return name switch
        {
            "vggish" => new VGGishNet(),
            "yamnet" => new YAMNetNet(),
            "fusion" => new LateFusionNet(),
            _ => throw new ArgumentException($"unknown model '{name}' (vggish, yamnet, fusion)", nameof(name)),
        };
    }
}
