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
                    try
                    {
                        fusion.LoadPretrainedYamNet(options.PretrainedYamNet!);
                    }
                    catch
                    {
                        fusion.Dispose();
                        throw;
                    }
                    if (options.FreezeYamNet) StateDict.Freeze(fusion.YamNet);
                }
                return fusion;
            case Architecture.VGGishOnly:
                return new VGGishClassifier(new VGGishOptions { WidthMultiplier = options.VGGishWidth }, classes);
            case Architecture.YamNetOnly:
                var yam = new YamNet(new YamNetOptions { Classes = classes, WidthMultiplier = folded ? 1 : options.YamNetWidth, FoldedBatchNorm = folded });
                if (pretrained)
                {
                    try
                    {
                        var weights = SafeTensors.Load(options.PretrainedYamNet!);
                        try
                        {
                            var body = weights.Where(w => !w.Key.StartsWith("classifier.", StringComparison.Ordinal)).ToDictionary(w => w.Key, w => w.Value);
                            StateDict.Load(yam, body, strict: false);
                        }
                        finally
                        {
                            SafeTensors.DisposeAll(weights);
                        }
                    }
                    catch
                    {
                        yam.Dispose();
                        throw;
                    }
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
}
