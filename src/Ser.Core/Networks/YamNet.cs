using Ser.Core.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ser.Core.Networks;

/// <summary>
/// YAMNet (Google's MobileNet v1 audio classifier) on TorchSharp. Input (N, 1, 96, 64): 96 log-mel
/// frames × 64 bands. Shapes: layer1 3×3/2 conv → 32 × 48 × 32; 13 depthwise-separable blocks with
/// strides 1,2,1,2,1,2,1,1,1,1,1,2,1 → 1024 × 3 × 2; global average pool → 1024-d embedding;
/// classifier → logits (sigmoid scores for AudioSet). Convolutions pad as TensorFlow's "SAME"
/// (stride 2 on even sizes: 0 before, 1 after); activations are ReLU.
/// Parameter names match yamnet_folded_f32.safetensors: <c>layer1.conv</c>, <c>layerN.depthwise</c>,
/// <c>layerN.pointwise</c> (N = 2…14), <c>classifier</c>; with batch norm, <c>…_bn</c> siblings.
/// </summary>
public sealed class YamNet : nn.Module<Tensor, Tensor>, ICamNetwork, IFrozenFeatureNetwork
{
    private static readonly (int Channels, int Stride)[] Blocks =
    {
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
    };

    private readonly List<ConvUnit> _units = new();
    private readonly Linear _classifier;

    /// <summary>Creates the network with PyTorch's default initialisation, on the CPU (move it with <c>to(device)</c>).</summary>
    public YamNet(YamNetOptions? options = null) : base(nameof(YamNet))
    {
        Options = options ?? new YamNetOptions();
        Options.Validate();
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();       // frees the temporaries of initialisation (the parameters are not scoped)
        int Width(int c) => Math.Max(8, (int)Math.Round(c * Options.WidthMultiplier));
        int cin = Width(32);
        var layer1 = new Layer("layer1");
        _units.Add(layer1.Add("conv", new ConvUnit(1, cin, 3, 2, 1, Options)));
        register_module("layer1", layer1);
        for (int i = 0; i < Blocks.Length; i++)
        {
            int cout = Width(Blocks[i].Channels);
            var layer = new Layer($"layer{i + 2}");
            _units.Add(layer.Add("depthwise", new ConvUnit(cin, cin, 3, Blocks[i].Stride, cin, Options)));
            _units.Add(layer.Add("pointwise", new ConvUnit(cin, cout, 1, 1, 1, Options)));
            register_module($"layer{i + 2}", layer);
            cin = cout;
        }
        EmbeddingSize = cin;
        _classifier = nn.Linear(cin, Options.Classes);
        register_module("classifier", _classifier);
    }

    /// <summary>Children are registered by name in the constructor (the checkpoint's names), not discovered from fields.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>The options.</summary>
    public YamNetOptions Options { get; }

    /// <summary>Size of the embedding (1024 at width 1).</summary>
    public int EmbeddingSize { get; }

    /// <summary>
    /// The pretrained YAMNet from a safetensors file in the layout of yamnet_folded_f32.safetensors
    /// (batch norm folded, 521 classes). Every name, shape and type must match.
    /// </summary>
    /// <exception cref="SafeTensorsException">The file cannot be read or is malformed.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network.</exception>
    public static YamNet LoadPretrained(string path)
    {
        return ModuleLoading.Loaded(new YamNet(new YamNetOptions { FoldedBatchNorm = true }), net => SafeTensors.LoadInto(net, path));
    }

    /// <summary>
    /// The last convolutional feature map, (N, 1024, 3, 2) for 96 × 64 input. Where libtorch would itself compute the
    /// pointwise convolutions as matrix products (<see cref="PointwiseAsMatrixProducts"/>), the activations run
    /// channels-last and each pointwise convolution is one matrix product in the orientation that is faster
    /// (<see cref="ConvUnit"/>); the map comes back in the standard layout either way.
    /// </summary>
    public Tensor FeatureMap(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        bool channelsLast = PointwiseAsMatrixProducts(input.shape[0], training);
        Tensor x = _units[0].Forward(input, channelsLast);
        if (channelsLast) x = x.Then(TensorLayout.ToChannelsLast);
        for (int i = 1; i < _units.Count; i++)
        {
            ConvUnit unit = _units[i];
            x = x.Then(t => unit.Forward(t, channelsLast));
        }
        return (channelsLast ? x.Then(t => t.contiguous()) : x).MoveToOuterDisposeScope();
    }

    /// <summary>The embedding: global average of <see cref="FeatureMap"/>, (N, <see cref="EmbeddingSize"/>).</summary>
    public Tensor Embedding(Tensor input)
    {
        using var scope = NewDisposeScope();
        return GlobalAverage(FeatureMap(input)).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits, (N, <see cref="YamNetOptions.Classes"/>).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return LogitsFromFeatureMap(FeatureMap(input)).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits from a <see cref="FeatureMap"/> (global average, classifier).</summary>
    public Tensor LogitsFromFeatureMap(Tensor map)
    {
        using var scope = NewDisposeScope();
        return _classifier.call(GlobalAverage(map)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// True where no gradient is taken (evaluation mode, or autograd off) and libtorch 2.10 would run a 1 × 1
    /// convolution as a plain GEMM rather than through oneDNN: fewer than 16 inputs on one thread (its own rule in
    /// <c>use_mkldnn</c>). There the channels-last matrix product is the same GEMM, turned the way MKL runs faster
    /// (YAMNet batch 1: 5.6 → 4.0 ms, batch 7: 29.5 → 16.9 ms, one thread); at 16 inputs and more, or on more threads,
    /// oneDNN's own 1 × 1 kernel on the standard layout is faster (batch 64: 629 against 322–383 patches/s).
    /// </summary>
    internal static bool PointwiseAsMatrixProducts(long batch, bool training) =>
        (!training || !is_grad_enabled()) && batch < 16 && get_num_threads() == 1;

    private static Tensor GlobalAverage(Tensor map) => nn.functional.adaptive_avg_pool2d(map, new long[] { 1, 1 }).flatten(1);

    /// <summary>
    /// True when the body (every layer but the classifier) has folded batch norm, so it computes the same in
    /// training and evaluation mode, and no trainable parameter: the pretrained YAMNet, frozen.
    /// </summary>
    public bool HasFrozenBody
    {
        get
        {
            if (!Options.FoldedBatchNorm) return false;
            foreach (var (name, p) in named_parameters())
            {
                if (p.requires_grad && !name.StartsWith("classifier.", StringComparison.Ordinal)) return false;
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
        using var noGrad = no_grad();
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
        using (no_grad()) activation = FeatureMap(input);
        activation.requires_grad_(true);
        using (enable_grad()) return LogitsFromFeatureMap(activation);
    }

    private static void CheckInput(Tensor input)
    {
        long[] s = input.shape;
        if (s.Length != 4 || s[1] != 1) throw new ArgumentException($"YAMNet expects (N, 1, frames, bands) input, got [{string.Join(", ", s)}]", nameof(input));
    }

    /// <summary>
    /// Convolution with TensorFlow's "SAME" padding + optional batch norm + ReLU. On channels-last activations a
    /// pointwise (1 × 1) convolution is computed as one matrix product over the (N·H·W) × C view: the same function as
    /// the convolution, which libtorch 2.10 would run at batch 1 on one thread as a GEMM in the slow orientation for its
    /// MKL on this processor (3.8 ms for YAMNet's 13 pointwise layers against 2.4 ms; docs/torchsharp.md). A
    /// channels-last 1 × 1 convolution itself is not an option: oneDNN's brgemm 1 × 1 kernel divides by zero (SIGFPE)
    /// on YAMNet's 3 × 2 maps at batch 32.
    /// </summary>
    private sealed class ConvUnit
    {
        private readonly int _kernel, _stride;
        private readonly bool _pointwise;

        internal ConvUnit(int cin, int cout, int kernel, int stride, int groups, YamNetOptions options)
        {
            _kernel = kernel;
            _stride = stride;
            _pointwise = kernel == 1 && stride == 1 && groups == 1;
            // Stride 1: "SAME" pads (k − 1) / 2 on each side, which the convolution does itself. Stride 2 pads by the input size.
            Conv = nn.Conv2d(cin, cout, kernel, stride: stride, padding: stride == 1 ? (kernel - 1) / 2 : 0, groups: groups, bias: options.FoldedBatchNorm);
            if (!options.FoldedBatchNorm) Norm = nn.BatchNorm2d(cout, eps: options.BatchNormEps);
        }

        internal Conv2d Conv { get; }

        internal BatchNorm2d? Norm { get; }

        internal Tensor Forward(Tensor input, bool channelsLast)
        {
            Tensor x = input;
            if (_stride != 1)
            {
                var (top, bottom) = SamePadding(input.shape[2]);
                var (left, right) = SamePadding(input.shape[3]);
                if (top + bottom + left + right > 0) x = nn.functional.pad(input, new long[] { left, right, top, bottom });
            }
            Tensor y = channelsLast && _pointwise
                ? x.permute(0, 2, 3, 1).Then(t => nn.functional.linear(t, Conv.weight!.flatten(1), Conv.bias)).Then(t => t.permute(0, 3, 1, 2))
                : Conv.call(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            if (Norm is not null) y = y.Then(t => TrainingBatchNorm.Handles(Norm, t) ? TrainingBatchNorm.Forward(Norm, t) : Norm.call(t));
            return y.relu_();
        }

        private (long Before, long After) SamePadding(long size)
        {
            long output = (size + _stride - 1) / _stride;
            long total = Math.Max(0, (output - 1) * _stride + _kernel - size);
            return (total / 2, total - total / 2);
        }
    }

    /// <summary>A checkpoint scope ("layerN"): its convolutions under their names, batch norms as "&lt;name&gt;_bn".</summary>
    private sealed class Layer(string name) : nn.Module(name)
    {
        protected override void RegisterComponents()
        {
        }

        internal ConvUnit Add(string unitName, ConvUnit unit)
        {
            register_module(unitName, unit.Conv);
            if (unit.Norm is not null) register_module(unitName + "_bn", unit.Norm);
            return unit;
        }
    }
}
