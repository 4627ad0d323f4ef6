using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>A cursor over a stage's output: moves the input cursor and computes the stage's columns on demand.</summary>
internal sealed class MappedCursor(BoundMapper mapper, DataViewRowCursor input, bool[] active) : DataViewRowCursor
{
    private readonly RowBinding _binding = new(mapper, input, active);

    /// <inheritdoc />
    public override long Position => input.Position;

    /// <inheritdoc />
    public override long Batch => input.Batch;

    /// <inheritdoc />
    public override DataViewSchema Schema => _binding.Schema;

    /// <inheritdoc />
    public override bool MoveNext() => input.MoveNext();

    /// <inheritdoc />
    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    /// <inheritdoc />
    public override bool IsColumnActive(DataViewSchema.Column column) => _binding.IsColumnActive(column);

    /// <inheritdoc />
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _binding.GetGetter<TValue>(column);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _binding.Dispose();
            input.Dispose();
        }
        base.Dispose(disposing);
    }
}
