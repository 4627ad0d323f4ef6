using Ser.Torch;
using Ser.Torch.NN;
using Ser.Torch.Serialization;

namespace Ser.Core.Networks;

/// <summary>
/// YAMNet (Google's MobileNet v1 audio classifier) on Ser.Torch. Input (N, 1, 96, 64): 96 log-mel
/// frames × 64 bands. Shapes: layer1 3×3/2 conv → 32 × 48 × 32; 13 depthwise-separable blocks with
/// strides 1,2,1,2,1,2,1,1,1,1,1,2,1 → 1024 × 3 × 2; global average pool → 1024-d embedding;
/// classifier → logits (sigmoid scores for AudioSet). Convolutions pad as TensorFlow's "SAME"
/// (stride 2 on even sizes: 0 before, 1 after); activations are ReLU.
/// Parameter names match yamnet_folded_f32.safetensors: <c>layer1.conv</c>, <c>layerN.depthwise</c>,
/// <c>layerN.pointwise</c> (N = 2…14), <c>classifier</c>; with batch norm, <c>…_bn</c> siblings.
/// </summary>
public sealed class YamNet : Module<Tensor, Tensor>, ICamNetwork, IFrozenFeatureNetwork
{
    private static readonly (int Channels, int Stride)[] Blocks =
    {
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
    };

    private readonly List<ConvUnit> _units = new();
    private readonly Linear _classifier;

    /// <summary>Creates the network with PyTorch's default initialisation.</summary>
    public YamNet(YamNetOptions? options = null)
    {
        Options = options ?? new YamNetOptions();
        Options.Validate();
        int Width(int c) => Math.Max(8, (int)Math.Round(c * Options.WidthMultiplier));
        int cin = Width(32);
        var stem = new ConvUnit(1, cin, 3, 2, 1, Options);
        RegisterModule("layer1", new Named("conv", stem));
        _units.Add(stem);
        for (int i = 0; i < Blocks.Length; i++)
        {
            int cout = Width(Blocks[i].Channels);
            var depthwise = new ConvUnit(cin, cin, 3, Blocks[i].Stride, cin, Options);
            var pointwise = new ConvUnit(cin, cout, 1, 1, 1, Options);
            RegisterModule($"layer{i + 2}", new Named("depthwise", depthwise, "pointwise", pointwise));
            _units.Add(depthwise);
            _units.Add(pointwise);
            cin = cout;
        }
        EmbeddingSize = cin;
        _classifier = RegisterModule("classifier", new Linear(cin, Options.Classes));
    }

    /// <summary>The options.</summary>
    public YamNetOptions Options { get; }

    /// <summary>Size of the embedding (1024 at width 1).</summary>
    public int EmbeddingSize { get; }

    /// <summary>
    /// The pretrained YAMNet from a safetensors file in the layout of yamnet_folded_f32.safetensors
    /// (batch norm folded, 521 classes). Every name, shape and type must match.
    /// </summary>
    public static YamNet LoadPretrained(string path)
    {
        var net = new YamNet(new YamNetOptions { FoldedBatchNorm = true });
        try
        {
            SafeTensors.LoadInto(net, path);
        }
        catch
        {
            net.Dispose();
            throw;
        }
        return net;
    }

    /// <summary>The last convolutional feature map, (N, 1024, 3, 2) for 96 × 64 input.</summary>
    public Tensor FeatureMap(Tensor input)
    {
        CheckInput(input);
        Tensor x = input;
        foreach (ConvUnit unit in _units)
        {
            Tensor y = unit.Forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = y;
        }
        return x;
    }

    /// <summary>The embedding: global average of <see cref="FeatureMap"/>, (N, <see cref="EmbeddingSize"/>).</summary>
    public Tensor Embedding(Tensor input)
    {
        Tensor map = FeatureMap(input);
        Tensor pooled = map.DisposeAndReturn(Functional.AdaptiveAvgPool2d(map, (1, 1)));
        return pooled.DisposeAndReturn(pooled.Flatten(1));
    }

    /// <summary>Class logits, (N, <see cref="YamNetOptions.Classes"/>).</summary>
    public override Tensor Forward(Tensor input)
    {
        Tensor e = Embedding(input);
        return e.DisposeAndReturn(_classifier.Forward(e));
    }

    /// <summary>Class logits from a <see cref="FeatureMap"/> (global average, classifier).</summary>
    public Tensor LogitsFromFeatureMap(Tensor map)
    {
        Tensor pooled = Functional.AdaptiveAvgPool2d(map, (1, 1));
        Tensor e = pooled.DisposeAndReturn(pooled.Flatten(1));
        return e.DisposeAndReturn(_classifier.Forward(e));
    }

    /// <summary>
    /// True when the body (every layer but the classifier) has folded batch norm, so it computes the same in
    /// training and evaluation mode, and no trainable parameter: the pretrained YAMNet, frozen.
    /// </summary>
    public bool HasFrozenBody
    {
        get
        {
            if (!Options.FoldedBatchNorm) return false;
            foreach (var (name, p) in NamedParameters())
            {
                if (p.RequiresGrad && !name.StartsWith("classifier.", StringComparison.Ordinal)) return false;
            }
            return true;
        }
    }

    /// <summary>Shape of one patch's <see cref="FeatureMap"/>: <see cref="EmbeddingSize"/> × 3 × 2.</summary>
    public long[] FeatureMapShape => new long[] { EmbeddingSize, 3, 2 };

    /// <inheritdoc />
    bool IFrozenFeatureNetwork.HasFrozenBranch => HasFrozenBody;

    /// <inheritdoc />
    long[] IFrozenFeatureNetwork.FrozenFeatureShape => FeatureMapShape;

    /// <inheritdoc />
    bool IFrozenFeatureNetwork.NeedsInputWithFrozenFeatures => false;

    /// <inheritdoc />
    Tensor IFrozenFeatureNetwork.FrozenFeatures(Tensor input)
    {
        using var noGrad = Torch.Torch.NoGrad();
        return FeatureMap(input);
    }

    /// <inheritdoc />
    Tensor IFrozenFeatureNetwork.ForwardWithFrozenFeatures(Tensor? input, Tensor frozenFeatures) => LogitsFromFeatureMap(frozenFeatures);

    /// <inheritdoc />
    public CamLayer DefaultCamLayer => CamLayer.YamNetLastBlock;

    /// <inheritdoc />
    public bool HasCamLayer(CamLayer layer) => layer is CamLayer.Default or CamLayer.YamNetLastBlock;

    /// <inheritdoc />
    public Tensor ForwardFromCamLayer(Tensor input, CamLayer layer, out Tensor activation)
    {
        if (!HasCamLayer(layer)) throw new ArgumentException($"YAMNet has no {layer} layer", nameof(layer));
        using (Torch.Torch.GradEnabled(false)) activation = FeatureMap(input);
        activation.RequiresGrad = true;
        using (Torch.Torch.GradEnabled(true)) return LogitsFromFeatureMap(activation);
    }

    private static void CheckInput(Tensor input)
    {
        long[] s = input.Shape;
        if (s.Length != 4 || s[1] != 1) throw new ArgumentException($"YAMNet expects (N, 1, frames, bands) input, got [{string.Join(", ", s)}]", nameof(input));
    }

    /// <summary>Convolution (TF "same") + optional batch norm + ReLU.</summary>
    private sealed class ConvUnit : Module<Tensor, Tensor>
    {
        internal readonly Conv2d Conv;
        internal readonly BatchNorm2d? Norm;

        internal ConvUnit(int cin, int cout, int kernel, int stride, int groups, YamNetOptions options)
        {
            Conv = new Conv2d(cin, cout, (kernel, kernel), (stride, stride), groups: groups, bias: options.FoldedBatchNorm, tensorFlowSame: true);
            if (!options.FoldedBatchNorm) Norm = new BatchNorm2d(cout, eps: options.BatchNormEps);
        }

        public override Tensor Forward(Tensor input)
        {
            Tensor y = Conv.Forward(input);
            if (Norm is not null) y = y.DisposeAndReturn(Norm.Forward(y));
            return y.ReluInPlace();
        }
    }

    /// <summary>Registers convolution units under their checkpoint names ("conv", "depthwise", "pointwise"), batch norms as "&lt;name&gt;_bn".</summary>
    private sealed class Named : Module
    {
        internal Named(string name, ConvUnit unit, string? name2 = null, ConvUnit? unit2 = null)
        {
            Add(name, unit);
            if (name2 is not null && unit2 is not null) Add(name2, unit2);
        }

        private void Add(string name, ConvUnit unit)
        {
            RegisterModule(name, unit.Conv);
            if (unit.Norm is not null) RegisterModule(name + "_bn", unit.Norm);
        }
    }
}
