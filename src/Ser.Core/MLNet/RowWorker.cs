using Microsoft.ML;

namespace Ser.Core.MLNet;

/// <summary>
/// The per-row work of a stage, bound to one input row or cursor (one thread): reads the inputs through
/// getters made once, computes every output of a row at most once (on the first getter call at a new
/// position) and serves the output getters from that result.
/// </summary>
internal abstract class RowWorker : IDisposable
{
    private long _computedAt = -1;

    protected RowWorker(DataViewRow input) => Input = input;

    /// <summary>The input row.</summary>
    protected DataViewRow Input { get; }

    /// <summary>Computes the outputs of the current row unless already done.</summary>
    protected void EnsureComputed()
    {
        long position = Input.Position;
        if (position == _computedAt) return;
        _computedAt = -1;
        Compute();
        _computedAt = position;
    }

    /// <summary>Computes every output of the current input row into fields.</summary>
    protected abstract void Compute();

    /// <summary>The <see cref="ValueGetter{TValue}"/> of output <paramref name="output"/> (index among the stage's outputs).</summary>
    public abstract Delegate Getter(int output);

    /// <summary>Releases what the worker holds between rows (files); called when its row or cursor is disposed.</summary>
    public virtual void Dispose() { }

    /// <summary>A getter that computes the row if needed and then copies <paramref name="read"/>'s value out.</summary>
    protected ValueGetter<T> Make<T>(Func<T> read) => (ref T value) =>
    {
        EnsureComputed();
        value = read();
    };
}
