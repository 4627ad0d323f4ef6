using Ser.Core.Networks;
using Ser.Core.Torch;
using static TorchSharp.torch;

namespace Ser.Core.Training;

/// <summary>Builds the network an <see cref="FusionTrainerOptions"/> describes, for a number of classes.</summary>
public static class NetworkFactory
{
    /// <summary>Creates the network (PyTorch default initialisation, after seeding) on the CPU and loads the pretrained YAMNet when given.</summary>
    /// <param name="options">Architecture and widths (and the pretrained YAMNet file, read when given).</param>
    /// <param name="classes">Output classes.</param>
    /// <param name="foldedYamNet">Build YAMNet with folded batch norm at width 1 without reading weights (for loading a saved model).</param>
    public static nn.Module<Tensor, Tensor> Create(FusionTrainerOptions options, int classes, bool foldedYamNet = false)
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
                    ModuleLoading.Loaded(fusion, f => f.LoadPretrainedYamNet(options.PretrainedYamNet!));
                    if (options.FreezeYamNet) StateDict.Freeze(fusion.YamNet);
                }
                return fusion;
            case Architecture.VGGishOnly:
                return new VGGishClassifier(new VGGishOptions { WidthMultiplier = options.VGGishWidth }, classes);
            case Architecture.YamNetOnly:
                var yam = new YamNet(new YamNetOptions { Classes = classes, WidthMultiplier = folded ? 1 : options.YamNetWidth, FoldedBatchNorm = folded });
                if (pretrained)
                {
                    ModuleLoading.Loaded(yam, y => LoadYamNetBody(y, options.PretrainedYamNet!));
                    if (options.FreezeYamNet)
                    {
                        foreach (var (name, p) in yam.named_parameters()) p.requires_grad = name.StartsWith("classifier.", StringComparison.Ordinal);
                    }
                }
                return yam;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Architecture, "unknown architecture");
        }
    }

    /// <summary>Every pretrained YAMNet tensor but the 521-class classifier, into <paramref name="yamnet"/>.</summary>
    private static void LoadYamNetBody(YamNet yamnet, string path)
    {
        var weights = SafeTensors.Load(path);
        try
        {
            var body = weights.Where(w => !w.Key.StartsWith("classifier.", StringComparison.Ordinal)).ToDictionary(w => w.Key, w => w.Value);
            StateDict.Load(yamnet, body, strict: false);
        }
        finally
        {
            SafeTensors.DisposeAll(weights);
        }
    }
}
