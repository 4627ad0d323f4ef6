using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Networks;
using Ser.Core.Torch;
using static TorchSharp.torch;

namespace Ser.Core.MLNet;

/// <summary>
/// A frozen pretrained YAMNet as a feature stage (<c>mlContext.Transforms.YamNetEmbedding(...)</c>): each row's 96 × 64
/// patches (from <c>LogMel</c> with the <see cref="Features.LogMelOptions.YAMNet"/> preset and <c>SegmentPatches</c>) go
/// through YAMNet's convolutional body in batches (evaluation mode, no gradients); the per-patch 1024-d embeddings
/// (global average of the last feature map) are averaged into one clip embedding, a fixed-length
/// <c>Vector&lt;Single, 1024&gt;</c> that stock trainers (<c>LbfgsMaximumEntropy</c>, <c>SdcaMaximumEntropy</c>,
/// <c>LightGbm</c>) take. The weights are written into model files, so a loaded model needs no weights file.
/// </summary>
public sealed class YamNetEmbeddingTransform : SerStatelessTransform<YamNetEmbeddingTransform>
{
    /// <summary>Settings of <see cref="YamNetEmbeddingTransform"/>.</summary>
    public sealed class Options
    {
        /// <summary>Column written. Default <c>"Embedding"</c>.</summary>
        public string OutputColumnName { get; init; } = "Embedding";
        /// <summary>Patch column read (dimensions [0, 96, 64]). Default <c>"Patches"</c>.</summary>
        public string InputColumnName { get; init; } = "Patches";
        /// <summary>Patches per forward pass. Default 64.</summary>
        public int BatchSize { get; init; } = 64;
    }

    private const string WeightsFile = "yamnet.safetensors";
    private readonly YamNet _network;

    private YamNetEmbeddingTransform(Options options, YamNet network)
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

    /// <summary>The pretrained YAMNet from a safetensors file (the layout of ../shared/models/yamnet/yamnet_folded_f32.safetensors).</summary>
    /// <exception cref="SafeTensorsException">The file cannot be read or is malformed.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit YAMNet.</exception>
    public static YamNetEmbeddingTransform FromPretrained(string weightsPath, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(weightsPath);
        TorchRuntime.EnsureInitialized();
        return new YamNetEmbeddingTransform(options ?? new Options(), YamNet.LoadPretrained(weightsPath));
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <summary>The network (evaluation mode, frozen).</summary>
    public YamNet Network => _network;

    /// <inheritdoc />
    public override string Name => "YamNetEmbedding";

    internal override string Kind => "YamNetEmbedding";

    private ColumnSpec Output() => new(Settings.OutputColumnName, ColumnTypes.Fixed(_network.EmbeddingSize));

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        SchemaShapes.Require(input, Name, Settings.InputColumnName, "Vector<Single, 0, 96, 64> of patches (SegmentPatches)",
            c => c.Kind != SchemaShape.Column.VectorKind.Scalar && c.ItemType == NumberDataViewType.Single);
        return [Output()];
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var patches = Require(input, Settings.InputColumnName, "Vector<Single, 0, 96, 64> of patches (SegmentPatches)", ColumnTypes.IsSingleVector);
        FusionEmotionModel.CheckPatchColumn(Name, patches);
        return new BoundMapper(input, [Output()], [patches.Index], row => new Worker(this, row, patches));
    }

    /// <summary>The clip embedding (mean of the patch embeddings) of <paramref name="count"/> patches stored back to back.</summary>
    public float[] Embed(ReadOnlySpan<float> patches, int count)
    {
        if (count < 1) throw new ArgumentException("the clip has no patches", nameof(patches));
        TorchRuntime.EnsureInitialized();
        int size = _network.EmbeddingSize;
        var sum = new double[size];
        Device device = TorchRuntime.DeviceOf(_network);
        using var noGrad = no_grad();
        var batch = new float[Math.Min(count, Settings.BatchSize) * size];
        for (int from = 0; from < count; from += Settings.BatchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(Settings.BatchSize, count - from);
            var embedding = _network.Embedding(PatchTensors.FromSpan(patches.Slice(from * PatchTensors.Size, n * PatchTensors.Size), n, device));
            PatchTensors.CopyTo(embedding, batch.AsSpan(0, n * size));
            for (int p = 0; p < n; p++)
                for (int k = 0; k < size; k++) sum[k] += batch[p * size + k];
        }
        var mean = new float[size];
        for (int k = 0; k < size; k++) mean[k] = (float)(sum[k] / count);
        return mean;
    }

    internal override StageState SaveState() => new(JsonSerializer.SerializeToNode(Settings, StageJson.Options)!.AsObject(),
        new Dictionary<string, byte[]> { [WeightsFile] = SafeTensors.ToBytes(_network.state_dict()) });

    internal static YamNetEmbeddingTransform Load(StageState state)
    {
        var options = state.Settings.Deserialize<Options>(StageJson.Options) ?? throw new ModelFormatException("YamNetEmbedding settings are empty");
        if (!state.Files.TryGetValue(WeightsFile, out byte[]? weights)) throw new ModelFormatException($"YamNetEmbedding has no {WeightsFile}");
        return new YamNetEmbeddingTransform(options, ModuleLoading.FromSafeTensors(weights, WeightsFile, () => new YamNet(new YamNetOptions { FoldedBatchNorm = true })));
    }

    private sealed class Worker : RowWorker
    {
        private readonly YamNetEmbeddingTransform _stage;
        private readonly ValueGetter<VBuffer<float>> _patches;
        private VBuffer<float> _buffer;
        private float[]? _scratch;
        private float[] _embedding = [];

        public Worker(YamNetEmbeddingTransform stage, DataViewRow input, DataViewSchema.Column patches) : base(input)
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
