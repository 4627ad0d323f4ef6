using System.Text.Json.Nodes;

namespace Ser.Core.Pipeline;

/// <summary>
/// Base of stateless-per-row transformers: copies the row and adds the output columns. Subclasses say how
/// to map one row and how to save their settings.
/// </summary>
public abstract class RowMappingTransformer : ISerTransformer, ISerEstimator
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>Identifier written in model files; <see cref="StageRegistry"/> maps it back to a loader.</summary>
    public abstract string Kind { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<Column> Inputs { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<Column> Outputs { get; }

    /// <summary>Adds the output columns to <paramref name="row"/> (a copy the caller owns).</summary>
    /// <param name="row">The row to extend.</param>
    protected abstract void Map(SerRow row);

    /// <summary>The stage's settings as JSON, read back by the stage's loader.</summary>
    public abstract JsonObject SaveSettings();

    /// <summary>
    /// Binary files saved next to the settings (e.g. network weights as safetensors), by name; each is
    /// checksummed in the model file and handed back to the stage's loader. None by default.
    /// </summary>
    public virtual IReadOnlyDictionary<string, byte[]> SaveFiles() => NoFiles;

    /// <summary>An empty file set.</summary>
    protected static readonly IReadOnlyDictionary<string, byte[]> NoFiles = new Dictionary<string, byte[]>();

    /// <inheritdoc />
    public SerRow Transform(SerRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var copy = row.Clone();
        Map(copy);
        return copy;
    }

    /// <inheritdoc />
    public IEnumerable<SerRow> Transform(IEnumerable<SerRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Iterate(rows, cancellationToken);
    }

    private IEnumerable<SerRow> Iterate(IEnumerable<SerRow> rows, CancellationToken ct)
    {
        foreach (var r in rows)
        {
            ct.ThrowIfCancellationRequested();
            yield return Transform(r);
        }
    }

    /// <summary>Nothing to learn: fitting returns this stage.</summary>
    public ISerTransformer Fit(IEnumerable<SerRow> rows, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default) => this;
}
