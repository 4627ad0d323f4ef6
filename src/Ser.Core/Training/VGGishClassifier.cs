using Ser.Core.Networks;
using Ser.Core.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ser.Core.Training;

/// <summary>VGGish embedding → linear head (the VGGish-only baseline).</summary>
public sealed class VGGishClassifier : nn.Module<Tensor, Tensor>, ICamNetwork
{
    private readonly VGGish _vggish;
    private readonly Linear _head;

    /// <summary>Creates the network on the CPU.</summary>
    public VGGishClassifier(VGGishOptions options, int classes) : base(nameof(VGGishClassifier))
    {
        ArgumentNullException.ThrowIfNull(options);
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();       // frees the temporaries of initialisation (the parameters are not scoped)
        _vggish = new VGGish(options);
        _head = nn.Linear(options.EmbeddingSize, classes);
        register_module("vggish", _vggish);
        register_module("head", _head);
    }

    /// <summary>Children are registered by name in the constructor (the checkpoint's names), not discovered from fields.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return _head.call(_vggish.call(input)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public CamLayer DefaultCamLayer => CamLayer.VGGishLastConv;

    /// <inheritdoc />
    public bool HasCamLayer(CamLayer layer) => layer is CamLayer.Default or CamLayer.VGGishLastConv;

    /// <inheritdoc />
    public Tensor ForwardFromCamLayer(Tensor input, CamLayer layer, out Tensor activation)
    {
        if (!HasCamLayer(layer)) throw new ArgumentException($"the VGGish classifier has no {layer} layer", nameof(layer));
        using var scope = NewDisposeScope();
        using (no_grad()) activation = _vggish.ForwardMaps(input).Conv4;
        activation.requires_grad_(true).MoveToOuterDisposeScope();
        using (enable_grad()) return _head.call(_vggish.EmbeddingFromConv4(activation)).MoveToOuterDisposeScope();
    }
}
