using System.Text.Json;
using System.Text.Json.Nodes;
using Ser.Core.Segmentation;
using Ser.Core.Selection;

namespace Ser.Core.Pipeline;

/// <summary>
/// Pipeline stage: keeps the homogeneous patches of each clip (<see cref="GaussianDataSelector"/>)
/// — <see cref="Columns.Patches"/> is replaced by the kept patches and the decision (scores, kept
/// and dropped indices) goes to <see cref="Columns.Selection"/>. As in the founding paper, patches are
/// removed from training data only (<see cref="EstimatorChain.Fit"/>); clips being scored keep every
/// patch unless <see cref="GaussianSelectionOptions.FilterWhenScoring"/>.
/// </summary>
public sealed class SelectGaussianStage : RowMappingTransformer, ITrainingTransformer
{
    private readonly GaussianDataSelector _selector;

    /// <summary>Creates the stage.</summary>
    public SelectGaussianStage(GaussianSelectionOptions options) => _selector = new GaussianDataSelector(options);

    /// <summary>The selector's options.</summary>
    public GaussianSelectionOptions Options => _selector.Options;

    /// <inheritdoc />
    public override string Name => "SelectGaussian";

    /// <inheritdoc />
    public override string Kind => "SelectGaussian";

    /// <inheritdoc />
    public override IReadOnlyList<Column> Inputs { get; } = [new(Columns.Patches, typeof(IReadOnlyList<Patch>))];

    /// <inheritdoc />
    public override IReadOnlyList<Column> Outputs { get; } =
        [new(Columns.Patches, typeof(IReadOnlyList<Patch>)), new(Columns.Selection, typeof(ClipSelection))];

    /// <inheritdoc />
    protected override void Map(SerRow row) => Select(row, Options.FilterWhenScoring);

    private void Select(SerRow row, bool filter)
    {
        var patches = row.Get<IReadOnlyList<Patch>>(Columns.Patches);
        ClipSelection selection = _selector.Select(patches);
        if (filter)
        {
            var kept = new Patch[selection.Kept.Count];
            for (int i = 0; i < kept.Length; i++) kept[i] = patches[selection.Kept[i]];
            row.Set(Columns.Patches, (IReadOnlyList<Patch>)kept);
        }
        row.Set(Columns.Selection, selection);
    }

    /// <inheritdoc />
    public IEnumerable<SerRow> TransformForTraining(IEnumerable<SerRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var r in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var copy = r.Clone();
            Select(copy, filter: true);
            yield return copy;
        }
    }

    /// <inheritdoc />
    public override JsonObject SaveSettings() => JsonSerializer.SerializeToNode(Options, StageJson.Options)!.AsObject();

    internal static SelectGaussianStage Load(JsonObject settings)
        => new(settings.Deserialize<GaussianSelectionOptions>(StageJson.Options) ?? throw new ModelFormatException("SelectGaussian settings are empty"));
}
