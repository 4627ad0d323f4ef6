using Ser.Core.Torch;

namespace Ser.Core.Tests.Support;

/// <summary>Sets <see cref="TorchThreads.Count"/> until disposed, then restores the count it found.</summary>
internal sealed class TorchThreadCount : IDisposable
{
    private readonly int _before;

    private TorchThreadCount(int count)
    {
        _before = TorchThreads.Count;
        TorchThreads.Count = count;
    }

    /// <summary>libtorch on <paramref name="count"/> threads until the result is disposed.</summary>
    public static TorchThreadCount Set(int count) => new(count);

    /// <inheritdoc />
    public void Dispose() => TorchThreads.Count = _before;
}
