using TorchSharp;

namespace Ser.Core.Torch;

/// <summary>
/// The number of threads libtorch uses inside one operation (intra-op), held on every thread. libtorch keeps
/// its OpenMP thread count per OS thread: a thread-pool thread that ran libtorch before a change would keep
/// the old count, and the same input could then give results that differ in the last bits from thread to
/// thread. Every Ser.Core entry point that runs libtorch calls <see cref="Sync"/>, which re-applies the count
/// on the current thread when it changed since that thread last saw it.
/// </summary>
public static class TorchThreads
{
    private static int _count;
    private static int _generation;
    [ThreadStatic] private static int _seen;

    /// <summary>The intra-op thread count (libtorch's default, about the number of cores, until set).</summary>
    public static int Count
    {
        get
        {
            TorchRuntime.EnsureInitialized();
            int n = Volatile.Read(ref _count);
            return n > 0 ? n : torch.get_num_threads();
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            TorchRuntime.EnsureInitialized();
            Volatile.Write(ref _count, value);
            int generation = Interlocked.Increment(ref _generation);
            torch.set_num_threads(value);
            _seen = generation;
        }
    }

    /// <summary>Applies the count on this thread if it changed since this thread last ran libtorch through Ser.Core.</summary>
    public static void Sync()
    {
        int generation = Volatile.Read(ref _generation);
        if (_seen == generation) return;
        int n = Volatile.Read(ref _count);
        if (n > 0) torch.set_num_threads(n);
        _seen = generation;
    }
}
