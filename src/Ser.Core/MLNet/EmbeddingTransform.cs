using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Torch;
using static TorchSharp.torch;

namespace Ser.Core.MLNet;

/// <summary>
/// A frozen pretrained network as a feature stage: each row's 96 × 64 patches (<c>LogMel</c> + <c>SegmentPatches</c>) go
/// through the network in batches (evaluation mode, no gradients), and the per-patch embeddings are averaged into one
/// clip embedding, a fixed-length <c>Vector&lt;Single&gt;</c> that stock trainers (<c>LbfgsMaximumEntropy</c>,
/// <c>SdcaMaximumEntropy</c>, <c>LightGbm</c>) take. The weights are written into model files, so a loaded model needs
/// no weights file. <see cref="YamNetEmbeddingTransform"/> and <see cref="VGGishEmbeddingTransform"/> are the two.
/// </summary>
/// <typeparam name="TSelf">The stage type.</typeparam>
public abstract class EmbeddingTransform<TSelf> : SerStatelessTransform<TSelf> where TSelf : EmbeddingTransform<TSelf>
{
    /// <summary>Settings of an embedding stage.</summary>
    public sealed class Options
    {
        /// <summary>Column written. Default <c>"Embedding"</c>.</summary>
        public string OutputColumnName { get; init; } = "Embedding";
        /// <summary>Patch column read (dimensions [0, 96, 64]). Default <c>"Patches"</c>.</summary>
        public string InputColumnName { get; init; } = "Patches";
        /// <summary>Patches per forward pass. Default 64.</summary>
        public int BatchSize { get; init; } = 64;
    }

    private const string PatchesExpected = "Vector<Single, 0, 96, 64> of patches (SegmentPatches)";
    private readonly nn.Module _network;

    private protected EmbeddingTransform(Options options, nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.InputColumnName);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        Settings = options;
        _network = network;
        _network.eval();
        StateDict.Freeze(_network);
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <summary>Values of the embedding.</summary>
    public abstract int EmbeddingSize { get; }

    /// <summary>The embeddings of a batch of patches (N, 1, 96, 64) → (N, <see cref="EmbeddingSize"/>).</summary>
    private protected abstract Tensor EmbedBatch(Tensor patches);

    /// <summary>Name of the weights' entry in model files.</summary>
    private protected abstract string WeightsFile { get; }

    /// <summary>The network's own settings, saved with the model so that loading rebuilds it; null when it has none.</summary>
    private protected virtual JsonNode? NetworkSettings => null;

    private ColumnSpec Output() => new(Settings.OutputColumnName, ColumnTypes.Fixed(EmbeddingSize));

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        SchemaShapes.Require(input, Name, Settings.InputColumnName, PatchesExpected,
            c => c.Kind != SchemaShape.Column.VectorKind.Scalar && c.ItemType == NumberDataViewType.Single);
        return [Output()];
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var patches = Require(input, Settings.InputColumnName, PatchesExpected, ColumnTypes.IsSingleVector);
        FusionEmotionModel.CheckPatchColumn(Name, patches);
        return new BoundMapper(input, [Output()], [patches.Index], row => new Worker(this, row, patches));
    }

    /// <summary>The clip embedding (mean of the patch embeddings) of <paramref name="count"/> patches stored back to back.</summary>
    /// <exception cref="ArgumentException">There is no patch.</exception>
    public float[] Embed(ReadOnlySpan<float> patches, int count)
    {
        if (count < 1) throw new ArgumentException("the clip has no patches", nameof(patches));
        TorchRuntime.EnsureInitialized();
        int size = EmbeddingSize;
        var sum = new double[size];
        Device device = TorchRuntime.DeviceOf(_network);
        using var noGrad = no_grad();
        var batch = new float[Math.Min(count, Settings.BatchSize) * size];
        for (int from = 0; from < count; from += Settings.BatchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(Settings.BatchSize, count - from);
            PatchTensors.CopyTo(EmbedBatch(PatchTensors.FromSpan(patches.Slice(from * PatchTensors.Size, n * PatchTensors.Size), n, device)), batch.AsSpan(0, n * size));
            for (int p = 0; p < n; p++)
                for (int k = 0; k < size; k++) sum[k] += batch[p * size + k];
        }
        var mean = new float[size];
        for (int k = 0; k < size; k++) mean[k] = (float)(sum[k] / count);
        return mean;
    }

    internal override StageState SaveState()
    {
        var settings = JsonSerializer.SerializeToNode(Settings, StageJson.Options)!.AsObject();
        if (NetworkSettings is { } network) settings["network"] = network;
        return new(settings, new Dictionary<string, byte[]> { [WeightsFile] = SafeTensors.ToBytes(_network.state_dict()) });
    }

    /// <summary>
    /// Rebuilds a saved stage: its settings, the network <paramref name="build"/> makes from its saved settings, and the
    /// weights in <paramref name="weightsFile"/>.
    /// </summary>
    private protected static TSelf Load(StageState state, string kind, string weightsFile, Func<JsonNode?, nn.Module> build, Func<Options, nn.Module, TSelf> create)
    {
        var settings = state.Settings.DeepClone().AsObject();
        JsonNode? network = settings["network"];
        settings.Remove("network");
        var options = settings.Deserialize<Options>(StageJson.Options) ?? throw new ModelFormatException($"{kind} settings are empty");
        if (!state.Files.TryGetValue(weightsFile, out byte[]? weights)) throw new ModelFormatException($"{kind} has no {weightsFile}");
        return create(options, ModuleLoading.FromSafeTensors(weights, weightsFile, () => build(network)));
    }

    private sealed class Worker : RowWorker
    {
        private readonly EmbeddingTransform<TSelf> _stage;
        private readonly ValueGetter<VBuffer<float>> _patches;
        private VBuffer<float> _buffer;
        private float[]? _scratch;
        private float[] _embedding = [];

        public Worker(EmbeddingTransform<TSelf> stage, DataViewRow input, DataViewSchema.Column patches) : base(input)
        {
            _stage = stage;
            _patches = input.GetGetter<VBuffer<float>>(patches);
        }

        protected override void Compute()
        {
            _patches(ref _buffer);
            var values = VBuffers.Dense(_buffer, ref _scratch);
            _embedding = _stage.Embed(values, FusionEmotionModel.PatchCount(_stage.Name, values.Length, Input.Position));
        }

        public override Delegate Getter(int output) =>
            (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write<float>(_embedding, ref v); });
    }
}
