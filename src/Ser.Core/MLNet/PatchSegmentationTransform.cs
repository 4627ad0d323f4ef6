using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Segmentation;

namespace Ser.Core.MLNet;

/// <summary>
/// Cuts a frames × features column (e.g. <see cref="LogMelTransform"/>'s) into overlapping fixed-size patches
/// (<see cref="PatchSegmenter"/>; default 96 frames, hop 48, last partial patch zero-padded): a
/// <c>Vector&lt;Single&gt;</c> with dimensions [0, frames, features] (patch count varies per row) and the patch start
/// times in seconds (<c>Vector&lt;Single&gt;</c>). Reached as <c>mlContext.Transforms.SegmentPatches(...)</c>.
/// </summary>
public sealed class PatchSegmentationTransform : SerStatelessTransform<PatchSegmentationTransform>
{
    /// <summary>Settings of <see cref="PatchSegmentationTransform"/>.</summary>
    public sealed class Options
    {
        /// <summary>Column of patches written. Default <c>"Patches"</c>.</summary>
        public string OutputColumnName { get; init; } = "Patches";
        /// <summary>Frames × features column read (dimensions [0, features]). Default <c>"LogMel"</c>.</summary>
        public string InputColumnName { get; init; } = "LogMel";
        /// <summary>Column of patch start times (seconds) written. Default <c>"PatchStarts"</c>.</summary>
        public string StartTimesColumnName { get; init; } = "PatchStarts";
        /// <summary>Patch size, hop and last-patch policy. Default 96 frames, hop 48, zero-padded.</summary>
        public PatchOptions Patches { get; init; } = new();
        /// <summary>
        /// Frames per second of the input, for the start times; null reads the input column's
        /// <see cref="SerAnnotations.FrameRate"/> annotation (which <see cref="LogMelTransform"/> writes). Default null.
        /// </summary>
        public double? FrameRate { get; init; }
    }

    private readonly PatchSegmenter _segmenter;

    /// <summary>Creates the stage.</summary>
    /// <exception cref="ArgumentException">The patch options are invalid.</exception>
    public PatchSegmentationTransform(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Patches);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.InputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.StartTimesColumnName);
        if (options.FrameRate is <= 0 or double.NaN) throw new ArgumentOutOfRangeException(nameof(options), options.FrameRate, "FrameRate must be positive");
        Settings = options;
        _segmenter = new PatchSegmenter(options.Patches);
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public override string Name => "SegmentPatches";

    internal override string Kind => "SegmentPatches";

    private const string Expected = "Vector<Single> of frames × features (dimensions [0, features], e.g. from LogMel)";

    private ColumnSpec[] Outputs(int features, double? frameRate)
    {
        var patches = new ColumnSpec(Settings.OutputColumnName, ColumnTypes.Patches(Settings.Patches.Frames, features),
            frameRate is double r ? [AnnotationSpec.Number(SerAnnotations.FrameRate, r)] : []);
        return [patches, new(Settings.StartTimesColumnName, ColumnTypes.Samples)];
    }

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        SchemaShapes.Require(input, Name, Settings.InputColumnName, Expected,
            c => c.Kind != SchemaShape.Column.VectorKind.Scalar && c.ItemType == NumberDataViewType.Single);
        // A shape has no dimensions: the feature count is known when the stage is bound to data.
        return Outputs(1, Settings.FrameRate);
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var column = Require(input, Settings.InputColumnName, Expected,
            t => t is VectorDataViewType v && v.ItemType == NumberDataViewType.Single && v.Dimensions.Length == 2 && v.Dimensions[1] > 0);
        int features = ((VectorDataViewType)column.Type).Dimensions[1];
        double frameRate = Settings.FrameRate ?? FrameRateOf(column);
        return new BoundMapper(input, Outputs(features, frameRate), [column.Index], row => new Worker(this, row, column, features, frameRate));
    }

    private double FrameRateOf(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(SerAnnotations.FrameRate);
        if (annotation is not { } a || a.Type != NumberDataViewType.Double)
            throw new SchemaMismatchException(Name, column.Name, $"has no {SerAnnotations.FrameRate} annotation (LogMel writes it): set Options.FrameRate");
        double rate = 0;
        column.Annotations.GetValue(SerAnnotations.FrameRate, ref rate);
        return rate;
    }

    internal override StageState SaveState() => new(JsonSerializer.SerializeToNode(Settings, StageJson.Options)!.AsObject());

    internal static PatchSegmentationTransform Load(StageState state) =>
        new(state.Settings.Deserialize<Options>(StageJson.Options) ?? throw new ModelFormatException("SegmentPatches settings are empty"));

    private sealed class Worker : RowWorker
    {
        private readonly PatchSegmentationTransform _stage;
        private readonly ValueGetter<VBuffer<float>> _frames;
        private readonly int _features;
        private readonly double _frameRate;
        private VBuffer<float> _input;
        private float[]? _scratch;
        private float[] _starts = [];
        private int _frameCount;
        private int _count;

        public Worker(PatchSegmentationTransform stage, DataViewRow input, DataViewSchema.Column column, int features, double frameRate) : base(input)
        {
            _stage = stage;
            _frames = input.GetGetter<VBuffer<float>>(column);
            _features = features;
            _frameRate = frameRate;
        }

        protected override void Compute()
        {
            _frames(ref _input);
            var values = VBuffers.Dense(_input, ref _scratch);
            if (values.Length % _features != 0)
                throw new ArgumentException($"{_stage.Name}: row {Input.Position} has {values.Length} values, not a whole number of {_features}-value frames");
            int frames = values.Length / _features;
            if (frames == 0) throw new ArgumentException($"{_stage.Name}: row {Input.Position} has no frames: nothing to segment");
            var options = _stage.Settings.Patches;
            _frameCount = frames;
            _count = options.PatchCount(frames);
            if (_starts.Length < _count) _starts = new float[_count];
            for (int p = 0; p < _count; p++) _starts[p] = (float)(p * options.Hop / _frameRate);
        }

        public override Delegate Getter(int output) => output == 0
            ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
            {
                EnsureComputed();                                     // the patches are cut straight into the caller's buffer
                var editor = VBufferEditor.Create(ref v, _count * _stage.Settings.Patches.Frames * _features);
                _stage._segmenter.SegmentInto(VBuffers.Dense(_input, ref _scratch), _frameCount, _features, editor.Values);
                v = editor.Commit();
            })
            : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write<float>(_starts.AsSpan(0, _count), ref v); });
    }
}
