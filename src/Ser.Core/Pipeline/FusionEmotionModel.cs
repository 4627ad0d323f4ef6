using System.Text.Json;
using System.Text.Json.Nodes;
using Ser.Core.Data;
using Ser.Core.Evaluation;
using Ser.Core.Segmentation;
using Ser.Core.Training;
using Ser.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Core.Pipeline;

/// <summary>
/// A trained emotion network as a pipeline stage: the clip's <see cref="Columns.Patches"/> go through
/// the network in batches (evaluation mode, no gradients), the patch probabilities are averaged and
/// the result is written to <see cref="Columns.Prediction"/>. Safe to call from many threads. Saved
/// in the model file as its settings plus the weights (safetensors); after loading, predictions are
/// bitwise identical.
/// </summary>
public sealed class FusionEmotionModel : RowMappingTransformer, IDisposable
{
    private const string WeightsFile = "weights.safetensors";
    private readonly nn.Module<Tensor, Tensor> _network;

    internal FusionEmotionModel(nn.Module<Tensor, Tensor> network, FusionTrainerOptions options, LabelSet labels)
    {
        _network = network;
        _network.eval();
        Options = options;
        Labels = labels;
    }

    /// <summary>The network architecture options.</summary>
    public FusionTrainerOptions Options { get; }

    /// <summary>The classes.</summary>
    public LabelSet Labels { get; }

    /// <summary>The network (evaluation mode).</summary>
    public nn.Module<Tensor, Tensor> Network => _network;

    /// <summary>The device the network lives on (the CPU after loading); scoring and explanations run there.</summary>
    public Device Device => TorchRuntime.DeviceOf(_network);

    /// <summary>Moves the network to <paramref name="device"/> (e.g. <see cref="TorchRuntime.Best"/>); not thread-safe with scoring in flight.</summary>
    public FusionEmotionModel MoveTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _network.to(device);
        return this;
    }

    /// <inheritdoc />
    public override string Name => "FusionEmotionModel";

    /// <inheritdoc />
    public override string Kind => "FusionEmotionModel";

    /// <inheritdoc />
    public override IReadOnlyList<Column> Inputs { get; } = [new(Columns.Patches, typeof(IReadOnlyList<Patch>))];

    /// <inheritdoc />
    public override IReadOnlyList<Column> Outputs { get; } = [new(Columns.Prediction, typeof(EmotionPrediction))];

    /// <summary>The prediction for a clip's patches.</summary>
    public EmotionPrediction Predict(IReadOnlyList<Patch> patches)
    {
        ArgumentNullException.ThrowIfNull(patches);
        if (patches.Count == 0) throw new ArgumentException("the clip has no patches (is it shorter than one patch with LastPatch = Drop?)", nameof(patches));
        float[] p = EmotionNetworkTrainer.ClipProbabilities(_network, patches.Select(x => x.Data).ToArray(), Labels.Count, Options.BatchSize);
        return new EmotionPrediction(Labels[ClipAggregation.ArgMax(p)], p, Labels.Classes);
    }

    /// <inheritdoc />
    protected override void Map(SerRow row) => row.Set(Columns.Prediction, Predict(row.Get<IReadOnlyList<Patch>>(Columns.Patches)));

    /// <inheritdoc />
    public override JsonObject SaveSettings() => new()
    {
        ["options"] = JsonSerializer.SerializeToNode(Options, StageJson.Options),
        ["classes"] = new JsonArray(Labels.Classes.Select(c => (JsonNode)c.Name()).ToArray()),
        ["merges"] = new JsonObject(Labels.Merges.Select(m => KeyValuePair.Create(m.Key.Name(), (JsonNode?)m.Value.Name()))),
    };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, byte[]> SaveFiles() =>
        new Dictionary<string, byte[]> { [WeightsFile] = SafeTensors.ToBytes(_network.state_dict()) };

    internal static FusionEmotionModel Load(JsonObject settings, IReadOnlyDictionary<string, byte[]> files)
    {
        var options = settings["options"].Deserialize<FusionTrainerOptions>(StageJson.Options) ?? throw new ModelFormatException("FusionEmotionModel has no options");
        var classes = settings["classes"]?.AsArray().Select(c => Emotions.Parse((string)c!)).ToArray() ?? throw new ModelFormatException("FusionEmotionModel has no classes");
        var merges = settings["merges"]?.AsObject().ToDictionary(m => Emotions.Parse(m.Key), m => Emotions.Parse((string)m.Value!));
        var labels = new LabelSet(classes, merges);
        if (!files.TryGetValue(WeightsFile, out byte[]? weights)) throw new ModelFormatException($"FusionEmotionModel has no {WeightsFile}");
        // The weights replace the pretrained YAMNet: build the architecture without reading the pretrained file.
        var architecture = new FusionTrainerOptions
        {
            Architecture = options.Architecture, VGGishWidth = options.VGGishWidth, YamNetWidth = options.YamNetWidth, BatchSize = options.BatchSize,
        };
        Dictionary<string, Tensor> tensors = SafeTensors.FromBytes(weights, WeightsFile);
        try
        {
            var network = ModuleLoading.Loaded(NetworkFactory.Create(architecture, labels.Count, foldedYamNet: options.PretrainedYamNet is not null),
                n => StateDict.Load(n, tensors));
            return new FusionEmotionModel(network, options, labels);
        }
        finally
        {
            SafeTensors.DisposeAll(tensors);
        }
    }

    /// <summary>Frees the network.</summary>
    public void Dispose() => _network.Dispose();
}
