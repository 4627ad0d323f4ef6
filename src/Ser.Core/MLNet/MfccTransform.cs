using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Features;

namespace Ser.Core.MLNet;

/// <summary>
/// MFCCs of an audio column (<see cref="Mfcc"/>, torchaudio's convention by default): a frames × coefficients matrix
/// (<c>Vector&lt;Single&gt;</c> with dimensions [0, coefficients], annotated with <see cref="SerAnnotations.FrameRate"/>).
/// Reached as <c>mlContext.Transforms.Mfcc(...)</c>.
/// </summary>
public sealed class MfccTransform : AudioFeatureTransform<MfccTransform, MfccTransform.Options>
{
    /// <summary>Settings of <see cref="MfccTransform"/>.</summary>
    public sealed class Options : AudioFeatureColumns
    {
        /// <summary>Settings with output column <c>"Mfcc"</c>.</summary>
        public Options() : base("Mfcc") { }

        /// <summary>The MFCC settings. Default: 40 coefficients over torchaudio's 128-band log-mel.</summary>
        public MfccOptions Features { get; init; } = new();
    }

    private readonly Mfcc _mfcc;

    /// <summary>Creates the stage.</summary>
    public MfccTransform(Options options) : base(options)
        => _mfcc = new Mfcc(options.Features ?? throw new ArgumentNullException(nameof(options), "Features is null"));

    /// <inheritdoc />
    public override string Name => "Mfcc";

    internal override string Kind => "Mfcc";

    private protected override int DefaultRate => Settings.Features.LogMel.SampleRate;

    private protected override ColumnSpec Output() => new(Settings.OutputColumnName, ColumnTypes.Frames(Settings.Features.Coefficients),
        [AnnotationSpec.Number(SerAnnotations.FrameRate, (double)Settings.Features.LogMel.SampleRate / Settings.Features.LogMel.HopLength)]);

    private protected override RowWorker CreateWorker(RowAudio audio, DataViewRow row) => new Worker(this, audio, row);

    internal static MfccTransform Load(StageState state) => new(LoadSettings(state, "Mfcc"));

    private sealed class Worker(MfccTransform stage, RowAudio audio, DataViewRow input) : RowWorker(input)
    {
        private Spectrogram? _mfcc;

        protected override void Compute() => _mfcc = stage._mfcc.Compute(audio.ReadClip());

        public override Delegate Getter(int output) =>
            (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); VBuffers.Write(_mfcc!.Data, ref v); });
    }
}
