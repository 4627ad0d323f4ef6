using Ser.Core.Networks;
using Ser.Torch;
using Ser.Torch.NN;
using Ser.Torch.Serialization;

namespace Ser.Core.Training;

/// <summary>Builds the network an <see cref="FusionTrainerOptions"/> describes, for a number of classes.</summary>
public static class NetworkFactory
{
    /// <summary>Creates the network (PyTorch default initialisation, after seeding) and loads the pretrained YAMNet when given.</summary>
    /// <param name="options">Architecture and widths (and the pretrained YAMNet file, read when given).</param>
    /// <param name="classes">Output classes.</param>
    /// <param name="foldedYamNet">Build YAMNet with folded batch norm at width 1 without reading weights (for loading a saved model).</param>
    public static Module<Tensor, Tensor> Create(FusionTrainerOptions options, int classes, bool foldedYamNet = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool pretrained = options.PretrainedYamNet is not null;
        bool folded = pretrained || foldedYamNet;
        switch (options.Architecture)
        {
            case Architecture.Fusion:
                var fusion = new LateFusion(new LateFusionOptions
                {
                    Classes = classes, VGGishWidth = options.VGGishWidth, YamNetWidth = folded ? 1 : options.YamNetWidth,
                    YamNetFoldedBatchNorm = folded,
                });
                if (pretrained)
                {
                    fusion.LoadPretrainedYamNet(options.PretrainedYamNet!);
                    if (options.FreezeYamNet) fusion.YamNet.Freeze();
                }
                return fusion;
            case Architecture.VGGishOnly:
                return new VGGishClassifier(new VGGishOptions { WidthMultiplier = options.VGGishWidth }, classes);
            case Architecture.YamNetOnly:
                var yam = new YamNet(new YamNetOptions { Classes = classes, WidthMultiplier = folded ? 1 : options.YamNetWidth, FoldedBatchNorm = folded });
                if (pretrained)
                {
                    var weights = SafeTensors.Load(options.PretrainedYamNet!);
                    try
                    {
                        var body = weights.Where(w => !w.Key.StartsWith("classifier.", StringComparison.Ordinal)).ToDictionary(w => w.Key, w => w.Value);
                        yam.LoadStateDict(body, strict: false);
                    }
                    finally
                    {
                        SafeTensors.DisposeAll(weights);
                    }
                    if (options.FreezeYamNet)
                    {
                        foreach (var (name, p) in yam.NamedParameters()) p.RequiresGrad = name.StartsWith("classifier.", StringComparison.Ordinal);
                    }
                }
                return yam;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Architecture, "unknown architecture");
        }
    }
}

/// <summary>VGGish embedding → linear head (the VGGish-only baseline).</summary>
public sealed class VGGishClassifier : Module<Tensor, Tensor>, ICamNetwork
{
    private readonly VGGish _vggish;
    private readonly Linear _head;

    /// <summary>Creates the network.</summary>
    public VGGishClassifier(VGGishOptions options, int classes)
    {
        _vggish = RegisterModule("vggish", new VGGish(options));
        _head = RegisterModule("head", new Linear(options.EmbeddingSize, classes));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Tensor e = _vggish.Forward(input);
        return e.DisposeAndReturn(_head.Forward(e));
    }

    /// <inheritdoc />
    public CamLayer DefaultCamLayer => CamLayer.VGGishLastConv;

    /// <inheritdoc />
    public bool HasCamLayer(CamLayer layer) => layer is CamLayer.Default or CamLayer.VGGishLastConv;

    /// <inheritdoc />
    public Tensor ForwardFromCamLayer(Tensor input, CamLayer layer, out Tensor activation)
    {
        if (!HasCamLayer(layer)) throw new ArgumentException($"the VGGish classifier has no {layer} layer", nameof(layer));
        using (Torch.Torch.GradEnabled(false))
        {
            VGGish.Maps maps = _vggish.ForwardMaps(input);
            maps.Pool2.Dispose();
            maps.Pool3.Dispose();
            maps.Pool4.Dispose();
            activation = maps.Conv4;
        }
        activation.RequiresGrad = true;
        using (Torch.Torch.GradEnabled(true))
        {
            Tensor e = _vggish.EmbeddingFromConv4(activation);
            return e.DisposeAndReturn(_head.Forward(e));
        }
    }
}
