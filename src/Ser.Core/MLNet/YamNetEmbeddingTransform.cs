using Ser.Core.Networks;
using Ser.Core.Torch;
using static TorchSharp.torch;

namespace Ser.Core.MLNet;

/// <summary>
/// A frozen pretrained YAMNet as a feature stage (<c>mlContext.Transforms.YamNetEmbedding(...)</c>): the 1024-d embedding
/// of each patch (global average of the last feature map), averaged over the clip. Feed it <c>LogMel</c> with the
/// <see cref="Features.LogMelOptions.YAMNet"/> preset. See <see cref="EmbeddingTransform{TSelf}"/>.
/// </summary>
public sealed class YamNetEmbeddingTransform : EmbeddingTransform<YamNetEmbeddingTransform>
{
    private const string StageKind = "YamNetEmbedding", Weights = "yamnet.safetensors";

    private YamNetEmbeddingTransform(Options options, YamNet network) : base(options, network) => Network = network;

    /// <summary>The pretrained YAMNet from a safetensors file (the layout of ../shared/models/yamnet/yamnet_folded_f32.safetensors).</summary>
    /// <exception cref="SafeTensorsException">The file cannot be read or is malformed.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit YAMNet.</exception>
    public static YamNetEmbeddingTransform FromPretrained(string weightsPath, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(weightsPath);
        TorchRuntime.EnsureInitialized();
        return new YamNetEmbeddingTransform(options ?? new Options(), YamNet.LoadPretrained(weightsPath));
    }

    /// <summary>The network (evaluation mode, frozen).</summary>
    public YamNet Network { get; }

    /// <inheritdoc />
    public override int EmbeddingSize => Network.EmbeddingSize;

    /// <inheritdoc />
    public override string Name => StageKind;

    internal override string Kind => StageKind;

    private protected override string WeightsFile => Weights;

    private protected override Tensor EmbedBatch(Tensor patches) => Network.Embedding(patches);

    internal static YamNetEmbeddingTransform Load(StageState state) =>
        Load(state, StageKind, Weights, _ => new YamNet(new YamNetOptions { FoldedBatchNorm = true }), (o, n) => new YamNetEmbeddingTransform(o, (YamNet)n));
}
