using Ser.Torch;
using Ser.Torch.NN;
using Ser.Torch.Serialization;
using F = Ser.Torch.NN.Functional;

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

/// <summary>
/// The founding paper's late fusion of VGGish and YAMNet (§4). Shapes for a (N, 1, 96, 64) input at
/// width 1 (C = VGGish's pool4 channels, 512):
/// <list type="bullet">
/// <item>VGGish keeps its spatial layout (no global pooling): pool2 128 × 24 × 16, pool3 256 × 12 × 8,
/// pool4 512 × 6 × 4.</item>
/// <item>All three are brought to C × 6 × 4: pool2 → 4 × 4 max pool → 1 × 1 conv (<c>reduce2</c>, 128 → C);
/// pool3 → 2 × 2 max pool → 1 × 1 conv (<c>reduce3</c>, 256 → C); pool4 as is; the three are added and
/// passed through ReLU.</item>
/// <item>YAMNet's last feature map, 1024 × 3 × 2, is resized bilinearly to 6 × 4 and joined by depth
/// (channel) concatenation: (C + 1024) × 6 × 4 = 1536 × 6 × 4.</item>
/// <item>A 1 × 1 convolution (<c>fuse</c>) with ReLU reduces it to FusedChannels × 6 × 4 (128 × 6 × 4),
/// which is flattened (3072) and classified by fully connected layers: <c>fc1</c> (Hidden, ReLU, dropout)
/// and <c>fc2</c> (Classes).</item>
/// </list>
/// </summary>
public sealed class LateFusion : Module<Tensor, Tensor>, ICamNetwork, IFrozenFeatureNetwork
{
    private readonly Conv2d _reduce2, _reduce3, _fuse;
    private readonly Linear _fc1, _fc2;
    private readonly Dropout _dropout;

    /// <summary>Creates the network with PyTorch's default initialisation.</summary>
    public LateFusion(LateFusionOptions? options = null)
    {
        Options = options ?? new LateFusionOptions();
        Options.Validate();
        VGGish = RegisterModule("vggish", new VGGish(new VGGishOptions { WidthMultiplier = Options.VGGishWidth }));
        YamNet = RegisterModule("yamnet", new YamNet(new YamNetOptions { WidthMultiplier = Options.YamNetWidth, FoldedBatchNorm = Options.YamNetFoldedBatchNorm }));
        int c = VGGish.Pool4Channels;
        int c2 = (int)Math.Max(8, Math.Round(128 * Options.VGGishWidth)), c3 = (int)Math.Max(8, Math.Round(256 * Options.VGGishWidth));
        _reduce2 = RegisterModule("reduce2", new Conv2d(c2, c, 1));
        _reduce3 = RegisterModule("reduce3", new Conv2d(c3, c, 1));
        _fuse = RegisterModule("fuse", new Conv2d(c + YamNet.EmbeddingSize, Options.FusedChannels, 1));
        _fc1 = RegisterModule("fc1", new Linear(Options.FusedChannels * 6 * 4, Options.Hidden));
        _dropout = RegisterModule("dropout", new Dropout(Options.Dropout));
        _fc2 = RegisterModule("fc2", new Linear(Options.Hidden, Options.Classes));
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
    public override Tensor Forward(Tensor input)
    {
        using var scope = Torch.Torch.NewDisposeScope();
        return scope.MoveToOuter(ForwardWithFrozenFeatures(input, YamNet.FeatureMap(input)));
    }

    /// <inheritdoc />
    public CamLayer DefaultCamLayer => CamLayer.VGGishLastConv;

    /// <inheritdoc />
    public bool HasCamLayer(CamLayer layer) => true;

    /// <inheritdoc />
    public Tensor ForwardFromCamLayer(Tensor input, CamLayer layer, out Tensor activation)
    {
        using var scope = Torch.Torch.NewDisposeScope();
        VGGish.Maps maps;
        Tensor yamnet;
        using (Torch.Torch.GradEnabled(false))
        {
            maps = VGGish.ForwardMaps(input);
            yamnet = YamNet.FeatureMap(input);
        }
        using var grad = Torch.Torch.GradEnabled(true);
        Tensor logits;
        if (layer == CamLayer.YamNetLastBlock)
        {
            activation = yamnet.WithRequiresGrad();
            logits = Head(maps.Pool2, maps.Pool3, maps.Pool4, activation);
        }
        else
        {
            activation = maps.Conv4.WithRequiresGrad();
            logits = Head(maps.Pool2, maps.Pool3, F.MaxPool2d(activation, (2, 2)), yamnet);
        }
        scope.MoveToOuter(activation);
        return scope.MoveToOuter(logits);
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
        using var noGrad = Torch.Torch.NoGrad();
        return YamNet.FeatureMap(input);
    }

    /// <inheritdoc />
    public Tensor ForwardWithFrozenFeatures(Tensor? input, Tensor frozenFeatures)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = Torch.Torch.NewDisposeScope();
        VGGish.Maps maps = VGGish.ForwardMaps(input);
        return scope.MoveToOuter(Head(maps.Pool2, maps.Pool3, maps.Pool4, frozenFeatures));
    }

    /// <summary>The fusion of §4 from the branches' maps (shapes at width 1).</summary>
    private Tensor Head(Tensor pool2, Tensor pool3, Tensor pool4, Tensor yamnetMap)
    {
        Tensor a2 = _reduce2.Forward(F.MaxPool2d(pool2, (4, 4)));                 // C × 6 × 4
        Tensor a3 = _reduce3.Forward(F.MaxPool2d(pool3, (2, 2)));                 // C × 6 × 4
        Tensor v = (a2 + a3 + pool4).ReluInPlace();                               // C × 6 × 4
        Tensor y = F.InterpolateBilinear(yamnetMap, (6, 4));                      // 1024 × 6 × 4
        Tensor z = _fuse.Forward(Torch.Torch.Cat(new[] { v, y }, 1)).ReluInPlace(); // FusedChannels × 6 × 4
        Tensor h = _dropout.Forward(_fc1.Forward(z.Flatten(1)).ReluInPlace());
        return _fc2.Forward(h);
    }
}
