using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Data;
using Ser.Core.Evaluation;
using Ser.Core.Torch;
using Ser.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Core.MLNet;

/// <summary>
/// A trained emotion network as an ML.NET transformer (what <see cref="FusionEmotionTrainer"/> returns): each row's
/// patches go through the network in batches (evaluation mode, no gradients), the patch probabilities are averaged into
/// the clip's <c>Score</c> (<c>Vector&lt;Single, classes&gt;</c> with slot names) and its arg-max is
/// <c>PredictedLabel</c> (a Key with the training label's key values). Safe to use from many threads (one cursor or
/// prediction engine per thread). Saved by <c>mlContext.Model.SaveSer</c> as its settings and weights; after loading,
/// scores are bitwise identical. Not <see cref="IDisposable"/> on purpose: ML.NET's prediction engines dispose the
/// transformers they were made from, which would free the network under every other engine; the network's native
/// memory is freed when the model is collected, or at once by <see cref="ReleaseNetwork"/>.
/// </summary>
public sealed class FusionEmotionModel : SerTransformer
{
    private const string WeightsFile = "weights.safetensors";
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly string[] _keyValues;

    internal FusionEmotionModel(nn.Module<Tensor, Tensor> network, FusionTrainerOptions options, LabelSet labels, string[] keyValues,
        string featureColumn, string scoreColumn, string predictedLabelColumn, TrainingSummary? training)
    {
        _network = network;
        _network.eval();
        TrainingOptions = options;
        Labels = labels;
        _keyValues = keyValues;
        FeatureColumnName = featureColumn;
        ScoreColumnName = scoreColumn;
        PredictedLabelColumnName = predictedLabelColumn;
        Training = training;
    }

    /// <summary>The network and training options it was trained with.</summary>
    public FusionTrainerOptions TrainingOptions { get; }

    /// <summary>The classes, in key order.</summary>
    public LabelSet Labels { get; }

    /// <summary>The label's key values (class names as the training data spelled them), in key order.</summary>
    public IReadOnlyList<string> KeyValues => _keyValues;

    /// <summary>The patch column read.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The score column written.</summary>
    public string ScoreColumnName { get; }

    /// <summary>The predicted-label column written.</summary>
    public string PredictedLabelColumnName { get; }

    /// <summary>How the model was trained, or null for a loaded model.</summary>
    public TrainingSummary? Training { get; }

    /// <summary>The network (evaluation mode).</summary>
    public nn.Module<Tensor, Tensor> Network => _network;

    /// <summary>Patches per forward pass.</summary>
    public int BatchSize => Math.Max(1, TrainingOptions.BatchSize);

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
    public override string Name => "FusionEmotion";

    internal override string Kind => "FusionEmotion";

    /// <summary>Clip probabilities of <paramref name="count"/> patches stored back to back (96 × 64 floats each), in key order.</summary>
    public float[] Score(ReadOnlyMemory<float> patches, int count) =>
        EmotionNetworkTrainer.ClipProbabilities(_network, patches, count, Labels.Count, BatchSize);

    internal static IReadOnlyList<ColumnSpec> OutputColumns(string score, string predicted, IReadOnlyList<string> names) =>
    [
        new(score, ColumnTypes.Fixed(names.Count), [AnnotationSpec.Texts(KnownAnnotations.SlotNames, names)]),
        new(predicted, new KeyDataViewType(typeof(uint), names.Count), [AnnotationSpec.Texts(KnownAnnotations.KeyValues, names)]),
    ];

    internal static void CheckPatchColumn(string stage, DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType v || v.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(stage, column.Name, $"has type {ColumnTypes.Describe(column.Type)}, expected Vector<Single, 0, 96, 64> of patches (SegmentPatches)");
        if (v.Dimensions.Length == 3 && (v.Dimensions[1] != PatchTensors.Frames || v.Dimensions[2] != PatchTensors.Bands))
            throw new SchemaMismatchException(stage, column.Name, $"holds {v.Dimensions[1]} × {v.Dimensions[2]} patches; the networks take {PatchTensors.Frames} × {PatchTensors.Bands}");
    }

    internal static int PatchCount(string stage, int values, long row)
    {
        if (values == 0) throw new ArgumentException($"{stage}: row {row} has no patches");
        if (values % PatchTensors.Size != 0)
            throw new ArgumentException($"{stage}: row {row} has {values} values, not a whole number of {PatchTensors.Frames} × {PatchTensors.Bands} patches");
        return values / PatchTensors.Size;
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var patches = Require(input, FeatureColumnName, "Vector<Single, 0, 96, 64> of patches (SegmentPatches)", ColumnTypes.IsSingleVector);
        CheckPatchColumn(Name, patches);
        return new BoundMapper(input, OutputColumns(ScoreColumnName, PredictedLabelColumnName, _keyValues), [patches.Index], row => new Worker(this, row, patches));
    }

    internal override StageState SaveState() => new(new JsonObject
    {
        ["training"] = JsonSerializer.SerializeToNode(TrainingOptions, StageJson.Options),
        ["classes"] = new JsonArray(Labels.Classes.Select(c => (JsonNode)c.Name()).ToArray()),
        ["keyValues"] = new JsonArray(_keyValues.Select(k => (JsonNode)k).ToArray()),
        ["featureColumn"] = FeatureColumnName,
        ["scoreColumn"] = ScoreColumnName,
        ["predictedLabelColumn"] = PredictedLabelColumnName,
    }, new Dictionary<string, byte[]> { [WeightsFile] = SafeTensors.ToBytes(_network.state_dict()) });

    internal static FusionEmotionModel Load(StageState state)
    {
        var s = state.Settings;
        var options = s["training"].Deserialize<FusionTrainerOptions>(StageJson.Options) ?? throw new ModelFormatException("FusionEmotion has no training options");
        var classes = s["classes"]?.AsArray().Select(c => Emotions.Parse((string)c!)).ToArray() ?? throw new ModelFormatException("FusionEmotion has no classes");
        var keyValues = s["keyValues"]?.AsArray().Select(c => (string)c!).ToArray() ?? throw new ModelFormatException("FusionEmotion has no key values");
        if (keyValues.Length != classes.Length) throw new ModelFormatException($"FusionEmotion has {classes.Length} classes and {keyValues.Length} key values");
        string Column(string name) => (string?)s[name] ?? throw new ModelFormatException($"FusionEmotion has no {name}");
        if (!state.Files.TryGetValue(WeightsFile, out byte[]? weights)) throw new ModelFormatException($"FusionEmotion has no {WeightsFile}");
        // The weights replace the pretrained YAMNet: build the architecture without reading the pretrained file.
        var architecture = new FusionTrainerOptions
        {
            Architecture = options.Architecture, VGGishWidth = options.VGGishWidth, YamNetWidth = options.YamNetWidth, BatchSize = options.BatchSize,
        };
        var network = ModuleLoading.FromSafeTensors(weights, WeightsFile,
            () => NetworkFactory.Create(architecture, classes.Length, foldedYamNet: options.PretrainedYamNet is not null));
        return new FusionEmotionModel(network, options, new LabelSet(classes), keyValues, Column("featureColumn"), Column("scoreColumn"),
            Column("predictedLabelColumn"), training: null);
    }

    /// <summary>Frees the network's native memory now (e.g. between cross-validation folds); the model cannot score afterwards.</summary>
    public void ReleaseNetwork() => _network.Dispose();

    private sealed class Worker : RowWorker
    {
        private readonly FusionEmotionModel _model;
        private readonly ValueGetter<VBuffer<float>> _patches;
        private VBuffer<float> _buffer;
        private float[]? _scratch;
        private float[] _copy = [];
        private float[] _score = [];
        private uint _predicted;

        public Worker(FusionEmotionModel model, DataViewRow input, DataViewSchema.Column patches) : base(input)
        {
            _model = model;
            _patches = input.GetGetter<VBuffer<float>>(patches);
        }

        protected override void Compute()
        {
            _patches(ref _buffer);
            // Scoring takes memory (batches are sliced from it), VBuffer gives spans: one copy per row into a buffer the
            // worker keeps (a fresh array per row would land on the large-object heap), small next to the network.
            var dense = VBuffers.Dense(_buffer, ref _scratch);
            if (_copy.Length < dense.Length) _copy = new float[dense.Length];
            dense.CopyTo(_copy);
            int count = PatchCount(_model.Name, dense.Length, Input.Position);
            _score = _model.Score(_copy.AsMemory(0, dense.Length), count);
            _predicted = (uint)ClipAggregation.ArgMax(_score) + 1;
        }

        public override Delegate Getter(int output) => output == 0
            ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write<float>(_score, ref v); })
            : Make(() => _predicted);
    }
}
