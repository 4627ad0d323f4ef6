using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;

namespace Ser.Core.MLNet;

/// <summary>The audio and sample-rate columns a stage reads (as <c>LoadAudio</c> writes them), bound to a schema.</summary>
/// <param name="Audio">Column of samples (Vector&lt;Single&gt;).</param>
/// <param name="Rate">Column of sample rates (Int32, Hz), or null when the samples are at the stage's rate.</param>
internal sealed record AudioColumns(DataViewSchema.Column Audio, DataViewSchema.Column? Rate)
{
    public const string SamplesExpected = "Vector<Single> of samples";
    public const string RatesExpected = "Int32 sample rates (Hz)";

    public int[] Dependencies => Rate is { } r ? [Audio.Index, r.Index] : [Audio.Index];

    /// <summary>Checks a shape for the audio and rate columns.</summary>
    public static void Require(SchemaShape input, string stage, string audio, string? rate)
    {
        SchemaShapes.Require(input, stage, audio, SamplesExpected, c => c.Kind != SchemaShape.Column.VectorKind.Scalar && c.ItemType == NumberDataViewType.Single);
        if (rate is not null)
            SchemaShapes.Require(input, stage, rate, RatesExpected, c => c.Kind == SchemaShape.Column.VectorKind.Scalar && c.ItemType == NumberDataViewType.Int32);
    }
}

/// <summary>Reads a row's audio through its getters, with the checks every audio stage needs (empty audio, bad rate).</summary>
internal sealed class RowAudio
{
    private readonly DataViewRow _row;
    private readonly ValueGetter<VBuffer<float>> _audio;
    private readonly ValueGetter<int>? _rate;
    private readonly int _defaultRate;
    private VBuffer<float> _samples;
    private float[]? _scratch;

    public RowAudio(DataViewRow row, AudioColumns columns, int defaultRate)
    {
        _row = row;
        _audio = row.GetGetter<VBuffer<float>>(columns.Audio);
        if (columns.Rate is { } r) _rate = row.GetGetter<int>(r);
        _defaultRate = defaultRate;
    }

    /// <summary>"row N", for messages.</summary>
    public string Source => $"row {_row.Position}";

    /// <summary>The current row's samples (valid until the next call) and their rate.</summary>
    /// <exception cref="AudioFormatException">The audio is empty or its rate is not positive.</exception>
    public ReadOnlySpan<float> Read(out int rate)
    {
        _audio(ref _samples);
        rate = _defaultRate;
        _rate?.Invoke(ref rate);
        var signal = VBuffers.Dense(_samples, ref _scratch);
        if (signal.Length == 0) throw new AudioFormatException(Source, "the audio is empty (a file LoadAudio flagged as unreadable?)");
        if (rate <= 0) throw new AudioFormatException(Source, $"sample rate {rate} Hz is not positive");
        return signal;
    }

    /// <summary>The samples of the last <see cref="Read"/> again (valid until the next one).</summary>
    public ReadOnlySpan<float> Current => VBuffers.Dense(_samples, ref _scratch);

    /// <summary>The current row as a clip (a copy of the samples).</summary>
    public AudioClip ReadClip()
    {
        var signal = Read(out int rate);
        return new AudioClip(signal.ToArray(), rate, source: Source);
    }
}
