using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>A row of a stage's output: input columns pass through, the stage's columns are computed on demand.</summary>
internal sealed class MappedRow(BoundMapper mapper, DataViewRow input, bool[] active) : DataViewRow
{
    private readonly RowBinding _binding = new(mapper, input, active);

    /// <inheritdoc />
    public override long Position => input.Position;

    /// <inheritdoc />
    public override long Batch => input.Batch;

    /// <inheritdoc />
    public override DataViewSchema Schema => _binding.Schema;

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
