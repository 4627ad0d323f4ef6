using System.Text.Json;
using System.Text.Json.Nodes;
using Ser.Core.Features;
using Ser.Core.Segmentation;

namespace Ser.Core.Pipeline;

/// <summary>Pipeline stage: <see cref="Columns.LogMel"/> → <see cref="Columns.Patches"/> with a <see cref="PatchSegmenter"/>.</summary>
public sealed class SegmentStage : RowMappingTransformer
{
    private readonly PatchSegmenter _segmenter;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">Patch settings.</param>
    public SegmentStage(PatchOptions options) => _segmenter = new PatchSegmenter(options);

    /// <summary>The patch settings.</summary>
    public PatchOptions Options => _segmenter.Options;

    /// <inheritdoc />
    public override string Name => "Segment";

    /// <inheritdoc />
    public override string Kind => "Segment";

    /// <inheritdoc />
    public override IReadOnlyList<Column> Inputs { get; } = [new(Columns.LogMel, typeof(Spectrogram)), new(Columns.ClipId, typeof(string))];

    /// <inheritdoc />
    public override IReadOnlyList<Column> Outputs { get; } = [new(Columns.Patches, typeof(IReadOnlyList<Patch>))];

    /// <inheritdoc />
    protected override void Map(SerRow row)
        => row.Set(Columns.Patches, _segmenter.Segment(row.Get<Spectrogram>(Columns.LogMel), row.Get<string>(Columns.ClipId)));

    /// <inheritdoc />
    public override JsonObject SaveSettings() => JsonSerializer.SerializeToNode(Options, StageJson.Options)!.AsObject();

    internal static SegmentStage Load(JsonObject settings)
        => new(settings.Deserialize<PatchOptions>(StageJson.Options) ?? throw new ModelFormatException("Segment settings are empty"));
}
