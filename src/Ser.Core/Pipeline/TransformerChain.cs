namespace Ser.Core.Pipeline;

/// <summary>A fitted pipeline: transformers applied in order. Save it with <see cref="ModelOperations.Save(TransformerChain, string)"/>.</summary>
public sealed class TransformerChain : ISerTransformer
{
    private readonly ISerTransformer[] _stages;

    /// <summary>Wraps fitted stages.</summary>
    /// <param name="stages">Transformers in order.</param>
    public TransformerChain(IEnumerable<ISerTransformer> stages) => _stages = [.. stages];

    /// <summary>The stages in order.</summary>
    public IReadOnlyList<ISerTransformer> Stages => _stages;

    /// <inheritdoc />
    public string Name => string.Join(" → ", _stages.Select(s => s.Name));

    /// <inheritdoc />
    public IReadOnlyList<Column> Inputs => _stages.Length == 0 ? [] : _stages[0].Inputs;

    /// <inheritdoc />
    public IReadOnlyList<Column> Outputs => [.. _stages.SelectMany(s => s.Outputs)];

    /// <inheritdoc />
    public IEnumerable<SerRow> Transform(IEnumerable<SerRow> rows, CancellationToken cancellationToken = default)
    {
        IEnumerable<SerRow> current = rows;
        foreach (var s in _stages) current = s.Transform(current, cancellationToken);
        return current;
    }

    /// <inheritdoc />
    public SerRow Transform(SerRow row)
    {
        foreach (var s in _stages) row = s.Transform(row);
        return row;
    }
}
