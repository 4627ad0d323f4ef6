using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>
/// A stage bound to an input schema: the output schema (every input column, then the stage's columns, which hide
/// input columns of the same name), the input columns the outputs depend on, and a factory of row workers.
/// Serves ML.NET as the stage's <see cref="IRowToRowMapper"/>, so prediction engines work.
/// </summary>
internal sealed class BoundMapper : IRowToRowMapper
{
    private readonly Func<DataViewRow, RowWorker> _createWorker;
    private readonly int[] _dependencies;

    public BoundMapper(DataViewSchema input, IReadOnlyList<ColumnSpec> outputs, IEnumerable<int> dependencies, Func<DataViewRow, RowWorker> createWorker)
    {
        InputSchema = input;
        Outputs = outputs;
        _dependencies = dependencies.Distinct().Order().ToArray();
        _createWorker = createWorker;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var c in outputs) builder.AddColumn(c.Name, c.Type, c.BuildAnnotations());
        OutputSchema = builder.ToSchema();
    }

    /// <inheritdoc />
    public DataViewSchema InputSchema { get; }

    /// <inheritdoc />
    public DataViewSchema OutputSchema { get; }

    /// <summary>The stage's columns, in output order after the input's.</summary>
    public IReadOnlyList<ColumnSpec> Outputs { get; }

    /// <summary>True when output schema column <paramref name="index"/> is one of the stage's.</summary>
    public bool IsOutput(int index) => index >= InputSchema.Count;

    /// <summary>The input columns needed to serve <paramref name="active"/> output-schema columns.</summary>
    public IEnumerable<DataViewSchema.Column> InputColumnsFor(IEnumerable<DataViewSchema.Column> active)
    {
        var needed = new SortedSet<int>();
        bool any = false;
        foreach (var c in active)
        {
            if (IsOutput(c.Index)) any = true;
            else needed.Add(c.Index);
        }
        if (any) needed.UnionWith(_dependencies);
        return needed.Select(i => InputSchema[i]);
    }

    /// <inheritdoc />
    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) => InputColumnsFor(dependingColumns);

    /// <inheritdoc />
    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedRow(this, input, Active(activeColumns));
    }

    /// <summary>Flags per output-schema column.</summary>
    public bool[] Active(IEnumerable<DataViewSchema.Column> columns)
    {
        var active = new bool[OutputSchema.Count];
        foreach (var c in columns) active[c.Index] = true;
        return active;
    }

    /// <summary>A worker over <paramref name="input"/> (only made when an output column is active).</summary>
    public RowWorker CreateWorker(DataViewRow input) => _createWorker(input);

    /// <summary>The getter of output-schema column <paramref name="column"/> on a row whose worker is <paramref name="worker"/>.</summary>
    public ValueGetter<T> GetGetter<T>(DataViewRow input, RowWorker? worker, bool[] active, DataViewSchema.Column column)
    {
        if (!IsOutput(column.Index)) return input.GetGetter<T>(InputSchema[column.Index]);
        if (!active[column.Index] || worker is null)
            throw new InvalidOperationException($"column '{column.Name}' is not active in this row");
        var getter = worker.Getter(column.Index - InputSchema.Count);
        return getter as ValueGetter<T> ?? throw new InvalidOperationException(
            $"column '{column.Name}' has type {ColumnTypes.Describe(column.Type)}, read as {typeof(T).Name}; its getter is {getter.GetType().GenericTypeArguments.FirstOrDefault()?.Name}");
    }
}
