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
public sealed class AcousticFeaturesTransform : AudioFeatureTransform<AcousticFeaturesTransform, AcousticFeaturesTransform.Options>
{
    /// <summary>Settings of <see cref="AcousticFeaturesTransform"/>.</summary>
    public sealed class Options : AudioFeatureColumns
    {
        /// <summary>Settings with output column <c>"AcousticFeatures"</c>.</summary>
        public Options() : base("AcousticFeatures") { }

        /// <summary>The feature settings. Default: 16 kHz, 512-sample frames, hop 160, 40 MFCCs.</summary>
        public AcousticFeatureOptions Features { get; init; } = new();
    }

    private readonly AcousticFeatureExtractor _extractor;

    /// <summary>Creates the stage.</summary>
    public AcousticFeaturesTransform(Options options) : base(options)
        => _extractor = new AcousticFeatureExtractor(options.Features ?? throw new ArgumentNullException(nameof(options), "Features is null"));

    /// <summary>The names of the values, in order (also the column's slot names).</summary>
    public IReadOnlyList<string> FeatureNames => _extractor.ClipFeatureNames;

    /// <inheritdoc />
    public override string Name => "AcousticFeatures";

    internal override string Kind => "AcousticFeatures";

    private protected override int DefaultRate => Settings.Features.SampleRate;

    private protected override ColumnSpec Output() => new(Settings.OutputColumnName, ColumnTypes.Fixed(FeatureNames.Count),
        [AnnotationSpec.Texts(KnownAnnotations.SlotNames, FeatureNames)]);

    private protected override RowWorker CreateWorker(RowAudio audio, DataViewRow row) => new Worker(this, audio, row);

    internal static AcousticFeaturesTransform Load(StageState state) => new(LoadSettings(state, "AcousticFeatures"));

    private sealed class Worker(AcousticFeaturesTransform stage, RowAudio audio, DataViewRow input) : RowWorker(input)
    {
        private float[] _values = [];

        protected override void Compute() => _values = stage._extractor.ClipFeatures(audio.ReadClip()).Values;

        public override Delegate Getter(int output) =>
            (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write<float>(_values, ref v); });
    }
}
