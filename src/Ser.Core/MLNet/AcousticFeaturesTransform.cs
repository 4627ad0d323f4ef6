using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Features;

namespace Ser.Core.MLNet;

/// <summary>
/// The clip-level acoustic and statistical features of an audio column (<see cref="AcousticFeatureExtractor"/>: means
/// of zero-crossing rate, RMS, spectral centroid and bandwidth, chroma and MFCCs, and the waveform's moments) as a
/// fixed-length <c>Vector&lt;Single&gt;</c> with slot names: the input stock ML.NET trainers take. Reached as
/// <c>mlContext.Transforms.AcousticFeatures(...)</c>.
/// </summary>
public sealed class AcousticFeaturesTransform : SerStatelessTransform<AcousticFeaturesTransform>
{
    /// <summary>Settings of <see cref="AcousticFeaturesTransform"/>.</summary>
    public sealed class Options
    {
        /// <summary>Column written. Default <c>"AcousticFeatures"</c>.</summary>
        public string OutputColumnName { get; init; } = "AcousticFeatures";
        /// <summary>Column of samples read. Default <c>"Audio"</c>.</summary>
        public string InputColumnName { get; init; } = "Audio";
        /// <summary>Column of sample rates (Int32, Hz) read; null when the samples are at the options' rate. Default <c>"SampleRate"</c>.</summary>
        public string? SampleRateColumnName { get; init; } = "SampleRate";
        /// <summary>The feature settings. Default: 16 kHz, 512-sample frames, hop 160, 40 MFCCs.</summary>
        public AcousticFeatureOptions Features { get; init; } = new();
    }

    private readonly AcousticFeatureExtractor _extractor;

    /// <summary>Creates the stage.</summary>
    public AcousticFeaturesTransform(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Features);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.InputColumnName);
        Settings = options;
        _extractor = new AcousticFeatureExtractor(options.Features);
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <summary>The names of the values, in order (also the column's slot names).</summary>
    public IReadOnlyList<string> FeatureNames => _extractor.ClipFeatureNames;

    /// <inheritdoc />
    public override string Name => "AcousticFeatures";

    internal override string Kind => "AcousticFeatures";

    private ColumnSpec Output() => new(Settings.OutputColumnName, ColumnTypes.Fixed(FeatureNames.Count),
        [AnnotationSpec.Texts(KnownAnnotations.SlotNames, FeatureNames)]);

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        AudioColumns.Require(input, Name, Settings.InputColumnName, Settings.SampleRateColumnName);
        return [Output()];
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var columns = RequireAudio(input, Settings.InputColumnName, Settings.SampleRateColumnName);
        return new BoundMapper(input, [Output()], columns.Dependencies, row => new Worker(this, new RowAudio(row, columns, Settings.Features.SampleRate), row));
    }

    internal override StageState SaveState() => new(JsonSerializer.SerializeToNode(Settings, StageJson.Options)!.AsObject());

    internal static AcousticFeaturesTransform Load(StageState state) =>
        new(state.Settings.Deserialize<Options>(StageJson.Options) ?? throw new ModelFormatException("AcousticFeatures settings are empty"));

    private sealed class Worker(AcousticFeaturesTransform stage, RowAudio audio, DataViewRow input) : RowWorker(input)
    {
        private float[] _values = [];

        protected override void Compute() => _values = stage._extractor.ClipFeatures(audio.ReadClip()).Values;

        public override Delegate Getter(int output) =>
            (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write<float>(_values, ref v); });
    }
}
