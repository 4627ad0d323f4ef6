using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Features;

namespace Ser.Core.MLNet;

/// <summary>
/// MFCCs of an audio column (<see cref="Mfcc"/>, torchaudio's convention by default): a frames × coefficients matrix
/// (<c>Vector&lt;Single&gt;</c> with dimensions [0, coefficients], annotated with <see cref="SerAnnotations.FrameRate"/>).
/// Reached as <c>mlContext.Transforms.Mfcc(...)</c>.
/// </summary>
public sealed class MfccTransform : SerStatelessTransform<MfccTransform>
{
    /// <summary>Settings of <see cref="MfccTransform"/>.</summary>
    public sealed class Options
    {
        /// <summary>Column written. Default <c>"Mfcc"</c>.</summary>
        public string OutputColumnName { get; init; } = "Mfcc";
        /// <summary>Column of samples read. Default <c>"Audio"</c>.</summary>
        public string InputColumnName { get; init; } = "Audio";
        /// <summary>Column of sample rates (Int32, Hz) read; null when the samples are at the options' rate. Default <c>"SampleRate"</c>.</summary>
        public string? SampleRateColumnName { get; init; } = "SampleRate";
        /// <summary>The MFCC settings. Default: 40 coefficients over torchaudio's 128-band log-mel.</summary>
        public MfccOptions Features { get; init; } = new();
    }

    private readonly Mfcc _mfcc;

    /// <summary>Creates the stage.</summary>
    public MfccTransform(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Features);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.InputColumnName);
        Settings = options;
        _mfcc = new Mfcc(options.Features);
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public override string Name => "Mfcc";

    internal override string Kind => "Mfcc";

    private ColumnSpec Output() => new(Settings.OutputColumnName, ColumnTypes.Frames(Settings.Features.Coefficients),
        [AnnotationSpec.Number(SerAnnotations.FrameRate, (double)Settings.Features.LogMel.SampleRate / Settings.Features.LogMel.HopLength)]);

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        AudioColumns.Require(input, Name, Settings.InputColumnName, Settings.SampleRateColumnName);
        return [Output()];
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var columns = RequireAudio(input, Settings.InputColumnName, Settings.SampleRateColumnName);
        return new BoundMapper(input, [Output()], columns.Dependencies, row => new Worker(this, new RowAudio(row, columns, Settings.Features.LogMel.SampleRate), row));
    }

    internal override StageState SaveState() => new(JsonSerializer.SerializeToNode(Settings, StageJson.Options)!.AsObject());

    internal static MfccTransform Load(StageState state) =>
        new(state.Settings.Deserialize<Options>(StageJson.Options) ?? throw new ModelFormatException("Mfcc settings are empty"));

    private sealed class Worker(MfccTransform stage, RowAudio audio, DataViewRow input) : RowWorker(input)
    {
        private Spectrogram? _mfcc;

        protected override void Compute() => _mfcc = stage._mfcc.Compute(audio.ReadClip());

        public override Delegate Getter(int output) =>
            (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write(_mfcc!.Data, ref v); });
    }
}
