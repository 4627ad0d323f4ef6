using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>An in-memory <see cref="IDataView"/> of text columns (what corpus readers give: paths, labels, speakers, attributes).</summary>
internal sealed class TextTable : IDataView
{
    private readonly string[][] _rows;

    public TextTable(IReadOnlyList<string> columns, IEnumerable<string[]> rows)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var c in columns) builder.AddColumn(c, TextDataViewType.Instance);
        Schema = builder.ToSchema();
        _rows = rows.ToArray();
        foreach (var r in _rows)
            if (r.Length != columns.Count) throw new ArgumentException($"a row has {r.Length} values for {columns.Count} columns");
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(TextTable table) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => table.Schema;

        public override bool MoveNext() => ++_position < table._rows.Length;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (typeof(TValue) != typeof(ReadOnlyMemory<char>))
                throw new InvalidOperationException($"column '{column.Name}' is Text, read as {typeof(TValue).Name}");
            int index = column.Index;
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) => value = table._rows[_position][index].AsMemory();
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }
}
