using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>A cursor over a stage's output: moves the input cursor and computes the stage's columns on demand.</summary>
internal sealed class MappedCursor : DataViewRowCursor
{
    private readonly BoundMapper _mapper;
    private readonly DataViewRowCursor _input;
    private readonly bool[] _active;
    private readonly RowWorker? _worker;

    public MappedCursor(BoundMapper mapper, DataViewRowCursor input, bool[] active)
    {
        _mapper = mapper;
        _input = input;
        _active = active;
        bool any = false;
        for (int i = mapper.InputSchema.Count; i < active.Length; i++) any |= active[i];
        _worker = any ? mapper.CreateWorker(input) : null;
    }

    /// <inheritdoc />
    public override long Position => _input.Position;

    /// <inheritdoc />
    public override long Batch => _input.Batch;

    /// <inheritdoc />
    public override DataViewSchema Schema => _mapper.OutputSchema;

    /// <inheritdoc />
    public override bool MoveNext() => _input.MoveNext();

    /// <inheritdoc />
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    /// <inheritdoc />
    public override bool IsColumnActive(DataViewSchema.Column column) =>
        _mapper.IsOutput(column.Index) ? _active[column.Index] : _input.IsColumnActive(_mapper.InputSchema[column.Index]);

    /// <inheritdoc />
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _mapper.GetGetter<TValue>(_input, _worker, _active, column);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }
}
