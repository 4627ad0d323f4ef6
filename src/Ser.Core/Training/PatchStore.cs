using System.Collections;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Ser.Core.Torch;

namespace Ser.Core.Training;

/// <summary>A list of 96 × 64 patches that can copy one straight into a batch, without a managed array per access.</summary>
internal interface IPatchReader
{
    /// <summary>Copies patch <paramref name="index"/> into <paramref name="target"/> (6144 floats).</summary>
    void CopyPatch(int index, Span<float> target);
}

/// <summary>
/// Training patches kept in a temporary file instead of the managed heap, so that a corpus whose patches exceed memory
/// trains in bounded memory: patches are appended clip by clip, then <see cref="Seal"/> maps the file read-only and every
/// batch reads its patches from the map (the operating system's page cache is the only buffer). The file is deleted when
/// the store is disposed, or by the operating system if the process dies.
/// </summary>
internal sealed class PatchStore : IDisposable
{
    private const int PatchBytes = PatchTensors.Size * sizeof(float);
    private readonly FileStream _file;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;

    public PatchStore(string? directory = null)
    {
        string dir = directory ?? Path.GetTempPath();
        Directory.CreateDirectory(dir);
        _file = new FileStream(Path.Combine(dir, $"ser-patches-{Environment.ProcessId}-{Guid.NewGuid():N}.f32"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    /// <summary>Patches stored.</summary>
    public int Count { get; private set; }

    /// <summary>Appends <paramref name="patches"/> (each 6144 floats); the returned list reads them once the store is sealed.</summary>
    public IReadOnlyList<float[]> Append(IReadOnlyList<float[]> patches)
    {
        if (_map is not null) throw new InvalidOperationException("the store is sealed");
        int start = Count;
        foreach (var p in patches)
        {
            if (p.Length != PatchTensors.Size) throw new ArgumentException($"a patch has {p.Length} values, expected {PatchTensors.Size}");
            _file.Write(MemoryMarshal.AsBytes(p.AsSpan()));
        }
        Count += patches.Count;
        return new Stored(this, start, patches.Count);
    }

    /// <summary>Ends appending and maps the file for reading.</summary>
    public void Seal()
    {
        if (_map is not null) return;
        _file.Flush();
        if (Count == 0) return;
        _map = MemoryMappedFile.CreateFromFile(_file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _map.CreateViewAccessor(0, (long)Count * PatchBytes, MemoryMappedFileAccess.Read);
    }

    private void Read(long index, Span<float> target)
    {
        var view = _view ?? throw new InvalidOperationException("the store is not sealed");
        unsafe
        {
            byte* basePtr = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePtr);
            try
            {
                new ReadOnlySpan<float>(basePtr + view.PointerOffset + index * PatchBytes, PatchTensors.Size).CopyTo(target);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
    }

    public void Dispose()
    {
        _view?.Dispose();
        _map?.Dispose();
        _file.Dispose();
    }

    /// <summary>One clip's patches in the store.</summary>
    private sealed class Stored(PatchStore store, int start, int count) : IReadOnlyList<float[]>, IPatchReader
    {
        public int Count => count;

        public float[] this[int index]
        {
            get
            {
                var p = new float[PatchTensors.Size];
                CopyPatch(index, p);
                return p;
            }
        }

        public void CopyPatch(int index, Span<float> target)
        {
            if ((uint)index >= (uint)count) throw new ArgumentOutOfRangeException(nameof(index));
            store.Read(start + (long)index, target);
        }

        public IEnumerator<float[]> GetEnumerator()
        {
            for (int i = 0; i < count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>The patches of many clips as one list, without copying them (index → clip by binary search).</summary>
internal sealed class ConcatenatedPatches : IReadOnlyList<float[]>, IPatchReader
{
    private readonly IReadOnlyList<float[]>[] _parts;
    private readonly int[] _starts;

    public ConcatenatedPatches(IEnumerable<IReadOnlyList<float[]>> parts)
    {
        _parts = [.. parts];
        _starts = new int[_parts.Length + 1];
        for (int i = 0; i < _parts.Length; i++) _starts[i + 1] = checked(_starts[i] + _parts[i].Count);
    }

    public int Count => _starts[^1];

    public float[] this[int index]
    {
        get
        {
            var (part, local) = Locate(index);
            return _parts[part][local];
        }
    }

    public void CopyPatch(int index, Span<float> target)
    {
        var (part, local) = Locate(index);
        if (_parts[part] is IPatchReader reader) reader.CopyPatch(local, target);
        else _parts[part][local].CopyTo(target);
    }

    private (int Part, int Local) Locate(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        int part = Array.BinarySearch(_starts, index);
        if (part < 0) part = ~part - 1;
        while (_starts[part + 1] == index) part++;            // skip empty parts
        return (part, index - _starts[part]);
    }

    public IEnumerator<float[]> GetEnumerator()
    {
        foreach (var part in _parts)
            foreach (var p in part) yield return p;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
