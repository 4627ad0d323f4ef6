using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Explanations;
using Ser.Core.Features;

namespace Ser.Core.MLNet;

/// <summary>Column settings shared by the explainer transforms (<see cref="GradCamExplainer"/>, <see cref="OcclusionExplainer"/>, <see cref="LimeExplainer"/>).</summary>
public class ExplainerColumnOptions
{
    /// <summary>The log-mel column of the scored rows (the map lies on its grid). Default <c>"LogMel"</c>.</summary>
    public string LogMelColumnName { get; init; } = "LogMel";
    /// <summary>Column of explained labels written (the class each map explains). Default <c>"ExplainedLabel"</c>.</summary>
    public string TargetColumnName { get; init; } = "ExplainedLabel";
    /// <summary>The class to explain; null explains each clip's predicted class. Default null.</summary>
    public Emotion? Target { get; init; }
    /// <summary>
    /// Column of attended audio written (the samples of <see cref="AudioColumnName"/> where the map's time profile is high,
    /// silence elsewhere; <see cref="AudibleExplanation"/>), or null for none. Default <c>"AttendedAudio"</c>; written
    /// only when the rows carry the audio column.
    /// </summary>
    public string? AttendedAudioColumnName { get; init; } = "AttendedAudio";
    /// <summary>Column of samples read for the attended audio. Default <c>"Audio"</c>.</summary>
    public string AudioColumnName { get; init; } = "Audio";
    /// <summary>Column of sample rates (Int32, Hz) read with the audio. Default <c>"SampleRate"</c>.</summary>
    public string SampleRateColumnName { get; init; } = "SampleRate";
    /// <summary>How attended times are chosen. Default: above the mean of the smoothed time profile.</summary>
    public AudibleExplanationOptions Audible { get; init; } = new();
}

/// <summary>
/// Base of the explainer transforms: for each scored row, the clip's log-mel (cut into patches as the pipeline does) is
/// explained for its predicted class (or <see cref="ExplainerColumnOptions.Target"/>) by the engine; the map
/// (frames × bands, dimensions [0, bands], the log-mel's grid), the explained label and, where the rows carry audio, the
/// attended audio are added as columns. Explainers hold a fitted model and are not written to model files: build them
/// from a loaded model.
/// </summary>
/// <typeparam name="TSelf">The explainer type.</typeparam>
public abstract class ExplainerTransform<TSelf> : SerStatelessTransform<TSelf> where TSelf : ExplainerTransform<TSelf>
{
    private readonly Func<Spectrogram, Emotion?, ExplanationMap> _explain;
    private readonly LogMelOptions _frontEnd;

    private protected ExplainerTransform(ExplainerColumnOptions columns, string mapColumn, LogMelOptions frontEnd, FusionEmotionModel model,
        Func<Spectrogram, Emotion?, ExplanationMap> explain)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentException.ThrowIfNullOrEmpty(mapColumn);
        ArgumentException.ThrowIfNullOrEmpty(columns.LogMelColumnName);
        ArgumentException.ThrowIfNullOrEmpty(columns.TargetColumnName);
        if (columns.Target is Emotion target) model.Labels.IndexOf(target);      // UnknownLabelException now, not at the first row
        Columns = columns;
        MapColumnName = mapColumn;
        _frontEnd = frontEnd;
        _explain = explain;
    }

    /// <summary>The column settings.</summary>
    public ExplainerColumnOptions Columns { get; }

    /// <summary>The map column written.</summary>
    public string MapColumnName { get; }

    internal override string Kind => Name;

    internal override StageState SaveState() => throw new NotSupportedException(
        $"{Name} holds a fitted model and is not saved: save the model with SaveSer, load it, and build the explainer from the loaded model");

    private ColumnSpec[] Outputs(bool audio)
    {
        var specs = new List<ColumnSpec>
        {
            new(MapColumnName, ColumnTypes.Frames(_frontEnd.MelBands), [AnnotationSpec.Number(SerAnnotations.FrameRate, (double)_frontEnd.SampleRate / _frontEnd.HopLength)]),
            new(Columns.TargetColumnName, TextDataViewType.Instance),
        };
        if (audio) specs.Add(new(Columns.AttendedAudioColumnName!, ColumnTypes.Samples));
        return [.. specs];
    }

    private string LogMelExpected => $"Vector<Single, 0, {_frontEnd.MelBands}> log-mel (the pipeline's LogMel column)";

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        SchemaShapes.Require(input, Name, Columns.LogMelColumnName, LogMelExpected,
            c => c.Kind != SchemaShape.Column.VectorKind.Scalar && c.ItemType == NumberDataViewType.Single);
        bool audio = Columns.AttendedAudioColumnName is not null && input.Any(c => c.Name == Columns.AudioColumnName);
        if (audio) AudioColumns.Require(input, Name, Columns.AudioColumnName, Columns.SampleRateColumnName);
        return Outputs(audio);
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var logMel = Require(input, Columns.LogMelColumnName, LogMelExpected,
            t => t is VectorDataViewType v && v.ItemType == NumberDataViewType.Single && v.Dimensions.Length == 2 && v.Dimensions[1] == _frontEnd.MelBands);
        AudioColumns? audio = Columns.AttendedAudioColumnName is not null && input.GetColumnOrNull(Columns.AudioColumnName) is not null
            ? RequireAudio(input, Columns.AudioColumnName, Columns.SampleRateColumnName)
            : null;
        int[] dependencies = audio is null ? [logMel.Index] : [logMel.Index, .. audio.Dependencies];
        return new BoundMapper(input, Outputs(audio is not null), dependencies,
            row => new Worker(this, row, logMel, audio is null ? null : new RowAudio(row, audio, _frontEnd.SampleRate)));
    }

    private sealed class Worker : RowWorker
    {
        private readonly ExplainerTransform<TSelf> _stage;
        private readonly ValueGetter<VBuffer<float>> _logMel;
        private readonly RowAudio? _audio;
        private VBuffer<float> _buffer;
        private float[]? _scratch;
        private ExplanationMap? _map;
        private float[] _attended = [];

        public Worker(ExplainerTransform<TSelf> stage, DataViewRow input, DataViewSchema.Column logMel, RowAudio? audio) : base(input)
        {
            _stage = stage;
            _logMel = input.GetGetter<VBuffer<float>>(logMel);
            _audio = audio;
        }

        protected override void Compute()
        {
            _logMel(ref _buffer);
            var values = VBuffers.Dense(_buffer, ref _scratch);
            int bands = _stage._frontEnd.MelBands;
            if (values.Length == 0 || values.Length % bands != 0)
                throw new ArgumentException($"{_stage.Name}: row {Input.Position} has {values.Length} log-mel values, not a whole number of {bands}-band frames");
            var spectrogram = new Spectrogram(values.ToArray(), values.Length / bands, bands, _stage._frontEnd.SampleRate, _stage._frontEnd.HopLength);
            _map = _stage._explain(spectrogram, _stage.Columns.Target);
            if (_audio is not null) _attended = AudibleExplanation.Attended(_audio.ReadClip(), _map, _stage.Columns.Audible).Samples.ToArray();
        }

        public override Delegate Getter(int output) => output switch
        {
            0 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write<float>(_map!.Data, ref v); }),
            1 => Make(() => _map!.Target.Name().AsMemory()),
            _ => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write<float>(_attended, ref v); }),
        };
    }
}

/// <summary>
/// Grad-CAM of each scored row as columns (<c>mlContext.Transforms.ExplainGradCam(model)</c>): the map over the clip's
/// log-mel (<see cref="GradCam"/>), the explained label and the attended audio.
/// </summary>
public sealed class GradCamExplainer : ExplainerTransform<GradCamExplainer>
{
    /// <summary>Settings of <see cref="GradCamExplainer"/>.</summary>
    public sealed class Options : ExplainerColumnOptions
    {
        /// <summary>Column of maps written. Default <c>"GradCam"</c>.</summary>
        public string OutputColumnName { get; init; } = "GradCam";
        /// <summary>The Grad-CAM settings (layer, per-patch normalisation). Default: the network's default layer.</summary>
        public GradCamOptions GradCam { get; init; } = new();
    }

    /// <summary>Explains <paramref name="model"/>, a fitted pipeline that holds a trained <see cref="FusionEmotionModel"/>.</summary>
    public GradCamExplainer(ITransformer model, Options options) : this(new GradCam(model, (options ?? throw new ArgumentNullException(nameof(options))).GradCam), options) { }

    private GradCamExplainer(GradCam engine, Options options)
        : base(options, options.OutputColumnName, engine.FrontEnd, engine.EmotionModel, (logMel, target) => engine.Explain(logMel, target)) => Engine = engine;

    /// <summary>The engine.</summary>
    public GradCam Engine { get; }

    /// <inheritdoc />
    public override string Name => "GradCamExplainer";
}

/// <summary>Occlusion sensitivity of each scored row as columns (<c>mlContext.Transforms.ExplainOcclusion(model)</c>; <see cref="Occlusion"/>).</summary>
public sealed class OcclusionExplainer : ExplainerTransform<OcclusionExplainer>
{
    /// <summary>Settings of <see cref="OcclusionExplainer"/>.</summary>
    public sealed class Options : ExplainerColumnOptions
    {
        /// <summary>Column of maps written. Default <c>"Occlusion"</c>.</summary>
        public string OutputColumnName { get; init; } = "Occlusion";
        /// <summary>The occlusion settings (window, stride, fill, score). Default: <see cref="OcclusionOptions"/>' defaults.</summary>
        public OcclusionOptions Occlusion { get; init; } = new();
    }

    /// <summary>Explains <paramref name="model"/>, a fitted pipeline that holds a trained <see cref="FusionEmotionModel"/>.</summary>
    public OcclusionExplainer(ITransformer model, Options options) : this(new Occlusion(model, (options ?? throw new ArgumentNullException(nameof(options))).Occlusion), options) { }

    private OcclusionExplainer(Occlusion engine, Options options)
        : base(options, options.OutputColumnName, engine.FrontEnd, engine.EmotionModel, (logMel, target) => engine.Explain(logMel, target)) => Engine = engine;

    /// <summary>The engine.</summary>
    public Occlusion Engine { get; }

    /// <inheritdoc />
    public override string Name => "OcclusionExplainer";
}

/// <summary>LIME on time–frequency regions of each scored row as columns (<c>mlContext.Transforms.ExplainLime(model)</c>; <see cref="Lime"/>).</summary>
public sealed class LimeExplainer : ExplainerTransform<LimeExplainer>
{
    /// <summary>Settings of <see cref="LimeExplainer"/>.</summary>
    public sealed class Options : ExplainerColumnOptions
    {
        /// <summary>Column of maps written (region weights spread over their cells). Default <c>"Lime"</c>.</summary>
        public string OutputColumnName { get; init; } = "Lime";
        /// <summary>The LIME settings (regions, samples, kernel, seed). Default: <see cref="LimeOptions"/>' defaults.</summary>
        public LimeOptions Lime { get; init; } = new();
    }

    /// <summary>Explains <paramref name="model"/>, a fitted pipeline that holds a trained <see cref="FusionEmotionModel"/>.</summary>
    public LimeExplainer(ITransformer model, Options options) : this(new Lime(model, (options ?? throw new ArgumentNullException(nameof(options))).Lime), options) { }

    private LimeExplainer(Lime engine, Options options)
        : base(options, options.OutputColumnName, engine.FrontEnd, engine.EmotionModel, (logMel, target) => engine.Explain(logMel, target).Map) => Engine = engine;

    /// <summary>The engine.</summary>
    public Lime Engine { get; }

    /// <inheritdoc />
    public override string Name => "LimeExplainer";
}
