using Ser.Core.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ser.Core.Networks;

/// <summary>Order in which VGGish flattens its last pooled map (512 × 6 × 4) into fc1_1's 12,288 inputs.</summary>
public enum FlattenOrder
{
    /// <summary>PyTorch's NCHW order: channel-major.</summary>
    ChannelHeightWidth,
    /// <summary>TensorFlow's NHWC order: needed for weights converted from the original VGGish checkpoint.</summary>
    HeightWidthChannel,
}

/// <summary>Options of <see cref="VGGish"/>.</summary>
public sealed class VGGishOptions
{
    /// <summary>Channel multiplier of the convolutions and of the 4096-wide fully connected layers (1 = original). Default 1.</summary>
    public double WidthMultiplier { get; init; } = 1;

    /// <summary>Flatten order before fc1_1. Default <see cref="FlattenOrder.ChannelHeightWidth"/>; use HeightWidthChannel for original weights.</summary>
    public FlattenOrder Flatten { get; init; } = FlattenOrder.ChannelHeightWidth;

    /// <summary>Embedding size (fc2's outputs). Default 128.</summary>
    public int EmbeddingSize { get; init; } = 128;

    /// <summary>ReLU after fc2 (torchvggish has one; the original TensorFlow VGGish does not). Default false.</summary>
    public bool ReluOnEmbedding { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(WidthMultiplier > 0 && WidthMultiplier <= 4)) errors.Add($"WidthMultiplier {WidthMultiplier} must be in (0, 4]");
        if (EmbeddingSize < 1) errors.Add($"EmbeddingSize {EmbeddingSize} must be ≥ 1");
        if (!Enum.IsDefined(Flatten)) errors.Add($"Flatten {Flatten} is unknown");
        if (errors.Count > 0) throw new ArgumentException("invalid VGGishOptions: " + string.Join("; ", errors));
    }
}

/// <summary>
/// VGGish (Hershey et al. 2017) on TorchSharp. Input (N, 1, 96, 64). Shapes at width 1:
/// conv1 64 → pool 64 × 48 × 32; conv2 128 → pool2 128 × 24 × 16; conv3_1, conv3_2 256 → pool3
/// 256 × 12 × 8; conv4_1, conv4_2 512 → pool4 512 × 6 × 4; flatten 12,288; fc1_1 4096, fc1_2 4096,
/// fc2 128 (the embedding). 3 × 3 convolutions pad 1 (TF "SAME"), ReLU after each; 2 × 2 max pools.
/// Parameter names follow the original checkpoint's scopes (vggish/conv3/conv3_1 → <c>conv3_1</c>,
/// vggish/fc1/fc1_1 → <c>fc1_1</c>, vggish/fc2 → <c>fc2</c>) with <c>.weight</c> in PyTorch layout
/// ([out, in, kh, kw] for convolutions, [out, in] for fully connected layers; transpose TF's HWIO and
/// [in, out]) and <c>.bias</c>, so a PyTorch state dict of the same network loads unchanged.
/// </summary>
public sealed class VGGish : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _c1, _c2, _c31, _c32, _c41, _c42;
    private readonly Linear _fc11, _fc12, _fc2;

    /// <summary>Creates the network with PyTorch's default initialisation, on the CPU (move it with <c>to(device)</c>).</summary>
    public VGGish(VGGishOptions? options = null) : base(nameof(VGGish))
    {
        Options = options ?? new VGGishOptions();
        Options.Validate();
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();       // frees the temporaries of initialisation (the parameters are not scoped)
        int W(int c) => Math.Max(8, (int)Math.Round(c * Options.WidthMultiplier));
        _c1 = Register("conv1", nn.Conv2d(1, W(64), 3, padding: 1));
        _c2 = Register("conv2", nn.Conv2d(W(64), W(128), 3, padding: 1));
        _c31 = Register("conv3_1", nn.Conv2d(W(128), W(256), 3, padding: 1));
        _c32 = Register("conv3_2", nn.Conv2d(W(256), W(256), 3, padding: 1));
        _c41 = Register("conv4_1", nn.Conv2d(W(256), W(512), 3, padding: 1));
        _c42 = Register("conv4_2", nn.Conv2d(W(512), W(512), 3, padding: 1));
        Pool4Channels = W(512);
        _fc11 = Register("fc1_1", nn.Linear(Pool4Channels * 6 * 4, W(4096)));
        _fc12 = Register("fc1_2", nn.Linear(W(4096), W(4096)));
        _fc2 = Register("fc2", nn.Linear(W(4096), Options.EmbeddingSize));
    }

    private T Register<T>(string name, T module) where T : nn.Module
    {
        register_module(name, module);
        return module;
    }

    /// <summary>Children are registered by name in the constructor (the checkpoint's names), not discovered from fields.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>The options.</summary>
    public VGGishOptions Options { get; }

    /// <summary>Channels of pool4 (512 at width 1).</summary>
    public int Pool4Channels { get; }

    /// <summary>Loads user-supplied weights (names and shapes as documented on the class).</summary>
    /// <exception cref="SafeTensorsException">The file cannot be read or is malformed.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network.</exception>
    public static VGGish Load(string safetensorsPath, VGGishOptions? options = null)
    {
        return ModuleLoading.Loaded(new VGGish(options ?? new VGGishOptions { Flatten = FlattenOrder.HeightWidthChannel }),
            net => SafeTensors.LoadInto(net, safetensorsPath));
    }

    /// <summary>The intermediate maps the late fusion and Grad-CAM use.</summary>
    /// <param name="Pool2">128 × 24 × 16.</param>
    /// <param name="Pool3">256 × 12 × 8.</param>
    /// <param name="Conv4">conv4_2 after ReLU, 512 × 12 × 8 (the last convolutional layer).</param>
    /// <param name="Pool4">512 × 6 × 4.</param>
    public readonly record struct Maps(Tensor Pool2, Tensor Pool3, Tensor Conv4, Tensor Pool4) : IDisposable
    {
        /// <summary>Disposes the four maps.</summary>
        public void Dispose()
        {
            Pool2.Dispose();
            Pool3.Dispose();
            Conv4.Dispose();
            Pool4.Dispose();
        }
    }

    /// <summary>Runs the convolutional part and returns its intermediate maps (in the caller's dispose scope).</summary>
    public Maps ForwardMaps(Tensor input)
    {
        long[] s = input.shape;
        if (s.Length != 4 || s[1] != 1 || s[2] != 96 || s[3] != 64)
        {
            throw new ArgumentException($"VGGish expects (N, 1, 96, 64) input, got [{string.Join(", ", s)}]", nameof(input));
        }
        using var scope = NewDisposeScope();
        Tensor pool1 = ConvRelu(_c1, input).Then(Pool);
        Tensor pool2 = ConvRelu(_c2, pool1).Then(Pool);
        pool1.Dispose();
        Tensor pool3 = ConvRelu(_c31, pool2).Then(x => ConvRelu(_c32, x)).Then(Pool);
        Tensor conv4 = ConvRelu(_c41, pool3).Then(x => ConvRelu(_c42, x));
        Tensor pool4 = Pool(conv4);
        return new Maps(pool2.MoveToOuterDisposeScope(), pool3.MoveToOuterDisposeScope(), conv4.MoveToOuterDisposeScope(), pool4.MoveToOuterDisposeScope());
    }

    private static Tensor ConvRelu(Conv2d conv, Tensor x) => conv.call(x).relu_();

    internal static Tensor Pool(Tensor x) => nn.functional.max_pool2d(x, new long[] { 2, 2 }, new long[] { 2, 2 });

    /// <summary>The embedding, (N, <see cref="VGGishOptions.EmbeddingSize"/>).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return EmbeddingFromConv4(ForwardMaps(input).Conv4).MoveToOuterDisposeScope();
    }

    /// <summary>The embedding from the conv4_2 map (pool4, flatten in <see cref="VGGishOptions.Flatten"/> order, fc1_1, fc1_2, fc2).</summary>
    public Tensor EmbeddingFromConv4(Tensor conv4)
    {
        using var scope = NewDisposeScope();
        Tensor x = Pool(conv4);
        if (Options.Flatten == FlattenOrder.HeightWidthChannel) x = x.Then(t => t.permute(0, 2, 3, 1));
        x = x.Then(t => t.flatten(1)).Then(t => _fc11.call(t).relu_()).Then(t => _fc12.call(t).relu_()).Then(_fc2.call);
        return (Options.ReluOnEmbedding ? x.relu_() : x).MoveToOuterDisposeScope();
    }
}
