using Microsoft.ML;

namespace Ser.Core.MLNet;

/// <summary>
/// The lazy output of a stage over an <see cref="IDataView"/>: nothing is computed until a cursor asks for one of the
/// stage's columns. Cursor sets split the input's rows, so consumers that read in parallel (e.g. caching) get
/// parallel feature extraction.
/// </summary>
internal sealed class MappedDataView(IDataView input, BoundMapper mapper) : IDataView
{
    /// <inheritdoc />
    public bool CanShuffle => input.CanShuffle;

    /// <inheritdoc />
    public DataViewSchema Schema => mapper.OutputSchema;

    /// <inheritdoc />
    public long? GetRowCount() => input.GetRowCount();

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        return new MappedCursor(mapper, input.GetRowCursor(mapper.InputColumnsFor(needed), rand), mapper.Active(needed));
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        var inputs = input.GetRowCursorSet(mapper.InputColumnsFor(needed), n, rand);
        var cursors = new DataViewRowCursor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) cursors[i] = new MappedCursor(mapper, inputs[i], mapper.Active(needed));
        return cursors;
    }
}
