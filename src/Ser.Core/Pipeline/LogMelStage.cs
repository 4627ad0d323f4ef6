using System.Text.Json;
using System.Text.Json.Nodes;
using Ser.Core.Audio;
using Ser.Core.Features;

namespace Ser.Core.Pipeline;

/// <summary>Pipeline stage: <see cref="Columns.Audio"/> → <see cref="Columns.LogMel"/> with a <see cref="LogMel"/>.</summary>
public sealed class LogMelStage : RowMappingTransformer
{
    private readonly LogMel _transform;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">Log-mel settings, e.g. <see cref="LogMelOptions.VGGish"/>.</param>
    public LogMelStage(LogMelOptions options) => _transform = new LogMel(options);

    /// <summary>The log-mel settings.</summary>
    public LogMelOptions Options => _transform.Options;

    /// <inheritdoc />
    public override string Name => "LogMel";

    /// <inheritdoc />
    public override string Kind => "LogMel";

    /// <inheritdoc />
    public override IReadOnlyList<Column> Inputs { get; } = [new(Columns.Audio, typeof(AudioClip))];

    /// <inheritdoc />
    public override IReadOnlyList<Column> Outputs { get; } = [new(Columns.LogMel, typeof(Spectrogram))];

    /// <inheritdoc />
    protected override void Map(SerRow row) => row.Set(Columns.LogMel, _transform.Compute(row.Get<AudioClip>(Columns.Audio)));

    /// <inheritdoc />
    public override JsonObject SaveSettings() => JsonSerializer.SerializeToNode(Options, StageJson.Options)!.AsObject();

    internal static LogMelStage Load(JsonObject settings)
        => new(settings.Deserialize<LogMelOptions>(StageJson.Options) ?? throw new ModelFormatException("LogMel settings are empty"));
}
