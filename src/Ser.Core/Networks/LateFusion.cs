using Ser.Core.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Ser.Core.Networks;

/// <summary>Options of <see cref="LateFusion"/>.</summary>
public sealed class LateFusionOptions
{
    /// <summary>Number of emotion classes. Default 4.</summary>
    public int Classes { get; init; } = 4;

    /// <summary>VGGish branch width multiplier. Default 1.</summary>
    public double VGGishWidth { get; init; } = 1;

    /// <summary>YAMNet branch width multiplier (must be 1 to import the pretrained weights). Default 1.</summary>
    public double YamNetWidth { get; init; } = 1;

    /// <summary>YAMNet with folded batch norm (the pretrained file's layout) instead of trainable batch norm. Default false.</summary>
    public bool YamNetFoldedBatchNorm { get; init; }

    /// <summary>Channels of the 1 × 1 convolution that fuses the concatenated maps before the classifier. Default 128.</summary>
    public int FusedChannels { get; init; } = 128;

    /// <summary>Width of the hidden fully connected layer. Default 256.</summary>
    public int Hidden { get; init; } = 256;

    /// <summary>Dropout before the last layer. Default 0.5.</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Classes < 2) errors.Add($"Classes {Classes} must be ≥ 2");
        if (FusedChannels < 1) errors.Add($"FusedChannels {FusedChannels} must be ≥ 1");
        if (Hidden < 1) errors.Add($"Hidden {Hidden} must be ≥ 1");
        if (Dropout is < 0 or >= 1) errors.Add($"Dropout {Dropout} must be in [0, 1)");
        if (errors.Count > 0) throw new ArgumentException("invalid LateFusionOptions: " + string.Join("; ", errors));
    }
}

/// <summary>Options of <see cref="LateFusion"/>.</summary>
public sealed class LateFusion : nn.Module<Tensor, Tensor>, ICamNetwork, IFrozenFeatureNetwork
{
    private readonly Conv2d _reduce2, _reduce3, _fuse;
    private readonly Linear _fc1, _fc2;
    private readonly Dropout _dropout;

    /// <summary>Creates the network with PyTorch's default initialisation, on the CPU (move it with <c>to(device)</c>).</summary>
    public LateFusion(LateFusionOptions? options = null) : base(nameof(LateFusion))
    {
        Options = options ?? new LateFusionOptions();
        Options.Validate();
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();       // frees the temporaries of initialisation (the parameters are not scoped)
        VGGish = new VGGish(new VGGishOptions { WidthMultiplier = Options.VGGishWidth });
        YamNet = new YamNet(new YamNetOptions { WidthMultiplier = Options.YamNetWidth, FoldedBatchNorm = Options.YamNetFoldedBatchNorm });
        register_module("vggish", VGGish);
        register_module("yamnet", YamNet);
        int c = VGGish.Pool4Channels;
        int c2 = (int)Math.Max(8, Math.Round(128 * Options.VGGishWidth)), c3 = (int)Math.Max(8, Math.Round(256 * Options.VGGishWidth));
        _reduce2 = nn.Conv2d(c2, c, 1);
        _reduce3 = nn.Conv2d(c3, c, 1);
        _fuse = nn.Conv2d(c + YamNet.EmbeddingSize, Options.FusedChannels, 1);
        _fc1 = nn.Linear(Options.FusedChannels * 6 * 4, Options.Hidden);
        _dropout = nn.Dropout(Options.Dropout);
        _fc2 = nn.Linear(Options.Hidden, Options.Classes);
        register_module("reduce2", _reduce2);
        register_module("reduce3", _reduce3);
        register_module("fuse", _fuse);
        register_module("fc1", _fc1);
        register_module("dropout", _dropout);
        register_module("fc2", _fc2);
    }

    /// <summary>Children are registered by name in the constructor (the checkpoint's names), not discovered from fields.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>The options.</summary>
    public LateFusionOptions Options { get; }

    /// <summary>The VGGish branch (its fully connected layers are not used by the fusion).</summary>
    public VGGish VGGish { get; }

    /// <summary>The YAMNet branch (its classifier is not used by the fusion).</summary>
    public YamNet YamNet { get; }

    /// <summary>Loads the pretrained YAMNet weights into the YAMNet branch (needs <see cref="LateFusionOptions.YamNetFoldedBatchNorm"/> and width 1).</summary>
    public void LoadPretrainedYamNet(string safetensorsPath)
    {
        if (!Options.YamNetFoldedBatchNorm || Options.YamNetWidth != 1)
        {
            throw new InvalidOperationException("the pretrained YAMNet needs YamNetFoldedBatchNorm = true and YamNetWidth = 1");
        }
        SafeTensors.LoadInto(YamNet, safetensorsPath);
    }

    /// <summary>Logits, (N, Classes).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardWithFrozenFeatures(input, YamNet.FeatureMap(input)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public CamLayer DefaultCamLayer => CamLayer.VGGishLastConv;

    /// <inheritdoc />
    public bool HasCamLayer(CamLayer layer) => true;

    /// <inheritdoc />
    public Tensor ForwardFromCamLayer(Tensor input, CamLayer layer, out Tensor activation)
    {
        using var scope = NewDisposeScope();
        VGGish.Maps maps;
        Tensor yamnet;
        using (no_grad())
        {
            maps = VGGish.ForwardMaps(input);
            yamnet = YamNet.FeatureMap(input);
        }
        using var grad = enable_grad();
        Tensor logits;
        if (layer == CamLayer.YamNetLastBlock)
        {
            activation = yamnet.requires_grad_(true);
            logits = Head(maps.Pool2, maps.Pool3, maps.Pool4, activation);
        }
        else
        {
            activation = maps.Conv4.requires_grad_(true);
            logits = Head(maps.Pool2, maps.Pool3, VGGish.Pool(activation), yamnet);
        }
        activation.MoveToOuterDisposeScope();
        return logits.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public bool HasFrozenBranch => YamNet.HasFrozenBody;

    /// <inheritdoc />
    public long[] FrozenFeatureShape => YamNet.FeatureMapShape;

    /// <inheritdoc />
    public bool NeedsInputWithFrozenFeatures => true;

    /// <inheritdoc />
    public Tensor FrozenFeatures(Tensor input)
    {
        using var noGrad = no_grad();
        return YamNet.FeatureMap(input);
    }

    /// <inheritdoc />
    public Tensor ForwardWithFrozenFeatures(Tensor? input, Tensor frozenFeatures)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        VGGish.Maps maps = VGGish.ForwardMaps(input);
        maps.Conv4.Dispose();      // only Grad-CAM reads it; pool4 holds what the backward pass needs
        return Head(maps.Pool2, maps.Pool3, maps.Pool4, frozenFeatures).MoveToOuterDisposeScope();
    }

    /// <summary>The fusion of §4 from the branches' maps (shapes at width 1).</summary>
    private Tensor Head(Tensor pool2, Tensor pool3, Tensor pool4, Tensor yamnetMap)
    {
        Tensor a2 = _reduce2.call(F.max_pool2d(pool2, new long[] { 4, 4 }, new long[] { 4, 4 }));      // C × 6 × 4
        Tensor a3 = _reduce3.call(F.max_pool2d(pool3, new long[] { 2, 2 }, new long[] { 2, 2 }));      // C × 6 × 4
        Tensor v = (a2 + a3 + pool4).relu_();                                                        // C × 6 × 4
        Tensor y = F.interpolate(yamnetMap, new long[] { 6, 4 }, mode: InterpolationMode.Bilinear, align_corners: false);  // 1024 × 6 × 4
        Tensor z = _fuse.call(cat(new[] { v, y }, 1)).relu_();                                       // FusedChannels × 6 × 4
        Tensor h = _dropout.call(_fc1.call(z.flatten(1)).relu_());
        return _fc2.call(h);
    }
}
