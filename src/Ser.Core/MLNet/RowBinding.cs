using Microsoft.ML;

namespace Ser.Core.MLNet;

/// <summary>
/// What a mapped row and a mapped cursor share: the input row (or cursor), which output columns are active, and the
/// worker that computes the stage's columns (made only when one of them is active).
/// </summary>
internal sealed class RowBinding : IDisposable
{
    private readonly BoundMapper _mapper;
    private readonly DataViewRow _input;
    private readonly bool[] _active;
    private readonly RowWorker? _worker;

    public RowBinding(BoundMapper mapper, DataViewRow input, bool[] active)
    {
        _mapper = mapper;
        _input = input;
        _active = active;
        bool any = false;
        for (int i = mapper.InputSchema.Count; i < active.Length; i++) any |= active[i];
        _worker = any ? mapper.CreateWorker(input) : null;
    }

    public DataViewSchema Schema => _mapper.OutputSchema;

    public bool IsColumnActive(DataViewSchema.Column column) =>
        _mapper.IsOutput(column.Index) ? _active[column.Index] : _input.IsColumnActive(_mapper.InputSchema[column.Index]);

    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _mapper.GetGetter<TValue>(_input, _worker, _active, column);

    public void Dispose() => _worker?.Dispose();
}
