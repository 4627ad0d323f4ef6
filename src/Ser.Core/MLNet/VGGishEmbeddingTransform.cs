using System.Text.Json;
using System.Text.Json.Nodes;
using Ser.Core.Networks;
using Ser.Core.Torch;
using static TorchSharp.torch;

namespace Ser.Core.MLNet;

/// <summary>
/// A frozen pretrained VGGish as a feature stage (<c>mlContext.Transforms.VGGishEmbedding(...)</c>): the 128-d embedding
/// of each patch (conv layers, fc 4096, 4096, 128), averaged over the clip. Feed it <c>LogMel</c> with the
/// <see cref="Features.LogMelOptions.VGGish"/> preset. The weights are the user's (no VGGish checkpoint ships with
/// Ser.Core): a safetensors file with <see cref="VGGish"/>'s parameter names, e.g. converted from torchvggish's or
/// TensorFlow's checkpoint (<see cref="VGGishOptions.Flatten"/> says in which order their fc1 reads pool4). See
/// <see cref="EmbeddingTransform{TSelf}"/>.
/// </summary>
public sealed class VGGishEmbeddingTransform : EmbeddingTransform<VGGishEmbeddingTransform>
{
    private const string StageKind = "VGGishEmbedding", Weights = "vggish.safetensors";

    private VGGishEmbeddingTransform(Options options, VGGish network) : base(options, network) => Network = network;

    /// <summary>VGGish with the weights of a safetensors file.</summary>
    /// <param name="weightsPath">The weights (names and shapes as <see cref="VGGish"/> documents them).</param>
    /// <param name="network">The network's shape: width, fc1's flatten order, embedding size and ReLU; default: TensorFlow's
    /// VGGish (height-width-channel flatten, 128 values, no ReLU on the embedding).</param>
    /// <param name="options">The stage's columns and batch size.</param>
    /// <exception cref="SafeTensorsException">The file cannot be read or is malformed.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network.</exception>
    public static VGGishEmbeddingTransform FromPretrained(string weightsPath, VGGishOptions? network = null, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(weightsPath);
        TorchRuntime.EnsureInitialized();
        return new VGGishEmbeddingTransform(options ?? new Options(), VGGish.Load(weightsPath, network));
    }

    /// <summary>The network (evaluation mode, frozen).</summary>
    public VGGish Network { get; }

    /// <inheritdoc />
    public override int EmbeddingSize => Network.Options.EmbeddingSize;

    /// <inheritdoc />
    public override string Name => StageKind;

    internal override string Kind => StageKind;

    private protected override string WeightsFile => Weights;

    private protected override Tensor EmbedBatch(Tensor patches) => Network.forward(patches);

    private protected override JsonNode? NetworkSettings => JsonSerializer.SerializeToNode(Network.Options, StageJson.Options);

    internal static VGGishEmbeddingTransform Load(StageState state) =>
        Load(state, StageKind, Weights,
            settings => new VGGish(settings?.Deserialize<VGGishOptions>(StageJson.Options) ?? throw new ModelFormatException($"{StageKind} has no network settings")),
            (o, n) => new VGGishEmbeddingTransform(o, (VGGish)n));
}
