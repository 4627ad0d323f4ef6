using System.Text.Json;
using Microsoft.ML;

namespace Ser.Core.MLNet;

/// <summary>The column settings every audio-input feature stage has (<see cref="LogMelTransform"/>, <see cref="MfccTransform"/>, <see cref="AcousticFeaturesTransform"/>).</summary>
public abstract class AudioFeatureColumns
{
    private protected AudioFeatureColumns(string output) => OutputColumnName = output;

    /// <summary>Column written.</summary>
    public string OutputColumnName { get; init; }
    /// <summary>Column of samples read (<c>Vector&lt;Single&gt;</c>, mono). Default <c>"Audio"</c>.</summary>
    public string InputColumnName { get; init; } = "Audio";
    /// <summary>
    /// Column of sample rates (Int32, Hz) read, as written by <c>LoadAudio</c>; null when the samples are at the stage's
    /// rate already. Default <c>"SampleRate"</c>.
    /// </summary>
    public string? SampleRateColumnName { get; init; } = "SampleRate";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(InputColumnName);
    }
}

/// <summary>
/// Base of the stages that read an audio column and its sample rates and write one feature column: schema checks,
/// binding, and the settings saved as JSON.
/// </summary>
/// <typeparam name="TSelf">The stage.</typeparam>
/// <typeparam name="TOptions">Its settings.</typeparam>
public abstract class AudioFeatureTransform<TSelf, TOptions> : SerStatelessTransform<TSelf>
    where TSelf : AudioFeatureTransform<TSelf, TOptions>
    where TOptions : AudioFeatureColumns
{
    private protected AudioFeatureTransform(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Settings = options;
    }

    /// <summary>The settings.</summary>
    public TOptions Settings { get; }

    /// <summary>The rate (Hz) the samples are assumed to have without a sample-rate column.</summary>
    private protected abstract int DefaultRate { get; }

    /// <summary>The column the stage writes.</summary>
    private protected abstract ColumnSpec Output();

    /// <summary>The per-row work over <paramref name="audio"/>.</summary>
    private protected abstract RowWorker CreateWorker(RowAudio audio, DataViewRow row);

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        AudioColumns.Require(input, Name, Settings.InputColumnName, Settings.SampleRateColumnName);
        return [Output()];
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var columns = RequireAudio(input, Settings.InputColumnName, Settings.SampleRateColumnName);
        return new BoundMapper(input, [Output()], columns.Dependencies, row => CreateWorker(new RowAudio(row, columns, DefaultRate), row));
    }

    internal override StageState SaveState() => new(JsonSerializer.SerializeToNode(Settings, StageJson.Options)!.AsObject());

    /// <summary>The settings a model file holds for <paramref name="kind"/>.</summary>
    private protected static TOptions LoadSettings(StageState state, string kind) =>
        state.Settings.Deserialize<TOptions>(StageJson.Options) ?? throw new ModelFormatException($"{kind} settings are empty");
}
