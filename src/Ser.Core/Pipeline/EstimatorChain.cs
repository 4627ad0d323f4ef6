namespace Ser.Core.Pipeline;

/// <summary>
/// An ordered list of estimators, checked when it is built: each stage's input columns must come from the
/// data source (<see cref="Columns.Source"/>) or an earlier stage, else <see cref="SchemaMismatchException"/>
/// names both stages.
/// </summary>
public sealed class EstimatorChain : ISerEstimator
{
    private readonly ISerEstimator[] _stages;

    /// <summary>An empty chain.</summary>
    public EstimatorChain() => _stages = [];

    private EstimatorChain(ISerEstimator[] stages) => _stages = stages;

    /// <summary>The stages in order.</summary>
    public IReadOnlyList<ISerEstimator> Stages => _stages;

    /// <inheritdoc />
    public string Name => string.Join(" → ", _stages.Select(s => s.Name));

    /// <inheritdoc />
    public IReadOnlyList<Column> Inputs => _stages.Length == 0 ? [] : _stages[0].Inputs;

    /// <inheritdoc />
    public IReadOnlyList<Column> Outputs => [.. _stages.SelectMany(s => s.Outputs)];

    /// <summary>Returns a new chain with <paramref name="next"/> appended, after checking its inputs are available.</summary>
    /// <param name="next">The stage to append.</param>
    /// <exception cref="SchemaMismatchException">A needed column is missing or has another type.</exception>
    public EstimatorChain Append(ISerEstimator next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var available = new Dictionary<string, (Type Type, string Producer)>(StringComparer.Ordinal);
        foreach (var c in Columns.Source) available[c.Name] = (c.Type, "the data source");
        foreach (var s in _stages)
            foreach (var c in s.Outputs) available[c.Name] = (c.Type, $"stage '{s.Name}'");
        foreach (var need in next.Inputs)
        {
            if (!available.TryGetValue(need.Name, out var have))
            {
                string upstream = _stages.Length == 0 ? "the data source" : $"stage '{_stages[^1].Name}' or any stage before it";
                throw new SchemaMismatchException(
                    $"Stage '{next.Name}' needs column {need}, which {upstream} does not produce. Available: {string.Join(", ", available.Keys)}.");
            }
            if (!need.Type.IsAssignableFrom(have.Type))
                throw new SchemaMismatchException(
                    $"Stage '{next.Name}' needs column {need}, but {have.Producer} produces it as {have.Type.Name}.");
        }
        return new EstimatorChain([.. _stages, next]);
    }

    /// <summary>Fits every stage in turn, each on the output of the fitted stages before it.</summary>
    /// <param name="rows">Training rows.</param>
    /// <param name="progress">Progress per stage; may be null.</param>
    /// <param name="cancellationToken">Cancels fitting between and within stages.</param>
    public TransformerChain Fit(IEnumerable<SerRow> rows, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var fitted = new List<ISerTransformer>();
        IEnumerable<SerRow> current = rows;
        for (int i = 0; i < _stages.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PipelineProgress(_stages[i].Name, i, _stages.Length, "fitting"));
            var t = _stages[i].Fit(current, progress, cancellationToken);
            fitted.Add(t);
            current = t is ITrainingTransformer training ? training.TransformForTraining(current, cancellationToken) : t.Transform(current, cancellationToken);
        }
        progress?.Report(new PipelineProgress("", _stages.Length, _stages.Length, "done"));
        return new TransformerChain(fitted);
    }

    ISerTransformer ISerEstimator.Fit(IEnumerable<SerRow> rows, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
        => Fit(rows, progress, cancellationToken);
}

/// <summary>Extension methods that start chains in ML.NET's style: <c>a.Append(b).Append(c)</c>.</summary>
public static class EstimatorExtensions
{
    /// <summary>A chain of <paramref name="first"/> then <paramref name="next"/> (schema-checked).</summary>
    /// <param name="first">The first stage (or chain).</param>
    /// <param name="next">The stage to append.</param>
    public static EstimatorChain Append(this ISerEstimator first, ISerEstimator next)
    {
        var chain = first as EstimatorChain ?? new EstimatorChain().Append(first);
        return chain.Append(next);
    }
}
