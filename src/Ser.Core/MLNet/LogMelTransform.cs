using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;
using Ser.Core.Features;

namespace Ser.Core.MLNet;

/// <summary>
/// Log-mel spectrogram of an audio column (<see cref="LogMel"/>): samples and their sample rate in, a frames × mel-bands
/// matrix out (<c>Vector&lt;Single&gt;</c> with dimensions [0, bands], time-major, annotated with
/// <see cref="SerAnnotations.FrameRate"/>). Clips at another rate than the preset's are resampled (unless
/// <see cref="LogMelOptions.ResampleInput"/> is off). Reached as <c>mlContext.Transforms.LogMel(...)</c>.
/// </summary>
public sealed class LogMelTransform : AudioFeatureTransform<LogMelTransform, LogMelTransform.Options>
{
    /// <summary>Settings of <see cref="LogMelTransform"/>.</summary>
    public sealed class Options : AudioFeatureColumns
    {
        /// <summary>Settings with output column <c>"LogMel"</c>.</summary>
        public Options() : base("LogMel") { }

        /// <summary>The front-end: a preset such as <see cref="LogMelOptions.VGGish"/> (the default) or your own.</summary>
        public LogMelOptions Features { get; init; } = LogMelOptions.VGGish;
    }

    private readonly LogMel _logMel;

    /// <summary>Creates the stage.</summary>
    /// <exception cref="ArgumentException">The log-mel options are invalid (every bad field is listed).</exception>
    public LogMelTransform(Options options) : base(options)
        => _logMel = new LogMel(options.Features ?? throw new ArgumentNullException(nameof(options), "Features is null"));

    /// <summary>The engine (thread-safe).</summary>
    public LogMel Engine => _logMel;

    /// <inheritdoc />
    public override string Name => "LogMel";

    internal override string Kind => "LogMel";

    private protected override int DefaultRate => Settings.Features.SampleRate;

    private protected override ColumnSpec Output() => new(Settings.OutputColumnName, ColumnTypes.Frames(_logMel.FilterBank.Bands),
        [AnnotationSpec.Number(SerAnnotations.FrameRate, (double)Settings.Features.SampleRate / Settings.Features.HopLength)]);

    private protected override RowWorker CreateWorker(RowAudio audio, DataViewRow row) => new Worker(this, audio, row);

    internal static LogMelTransform Load(StageState state) => new(LoadSettings(state, "LogMel"));

    /// <summary>
    /// Reads and (if needed) resamples the row's audio once; every getter call computes the log-mel straight into the
    /// caller's buffer (no intermediate copy: a row's log-mel is normally read once, by the next stage).
    /// </summary>
    private sealed class Worker(LogMelTransform stage, RowAudio audio, DataViewRow input) : RowWorker(input)
    {
        private float[]? _resampled;
        private int _length;

        protected override void Compute()
        {
            var options = stage.Settings.Features;
            ReadOnlySpan<float> signal = audio.Read(out int rate);
            _resampled = null;
            if (rate != options.SampleRate)
            {
                if (!options.ResampleInput)
                    throw new AudioFormatException(audio.Source, $"sample rate {rate} Hz differs from the {options.SampleRate} Hz of the log-mel options, and ResampleInput is off");
                _resampled = new AudioClip(signal.ToArray(), rate, source: audio.Source).Resample(options.SampleRate).Samples.ToArray();
                signal = _resampled;
            }
            int frames = stage._logMel.FrameCount(signal.Length);
            if (frames == 0) throw new AudioFormatException(audio.Source, $"{signal.Length} samples is shorter than one analysis frame");
            _length = frames * stage._logMel.FilterBank.Bands;
        }

        public override Delegate Getter(int output) => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            EnsureComputed();
            var editor = VBufferEditor.Create(ref v, _length);
            stage._logMel.Compute(_resampled is null ? audio.Current : _resampled, editor.Values);
            v = editor.Commit();
        });
    }
}
