using System.Runtime.InteropServices;
using System.Text;
using Ser.Torch.Interop;
using static Ser.Torch.Interop.NativeMethods;

namespace Ser.Torch;

/// <summary>
/// A libtorch tensor. The native memory is owned by a <see cref="SafeHandle"/> and released by
/// <see cref="Dispose"/> (or by the innermost <see cref="DisposeScope"/> that was open when the
/// tensor was created). Operations that create tensors are in the partial files next to this one,
/// in <see cref="Torch"/> and in <see cref="NN.Functional"/>.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;
    internal DisposeScope? Scope;

    private Tensor(IntPtr handle)
    {
        _handle = new TensorHandle(handle);
        DisposeScope.Current?.Attach(this);
    }

    /// <summary>Wraps a new native handle; the tensor joins the current dispose scope.</summary>
    internal static Tensor FromHandle(IntPtr handle) => new(Check(handle));

    internal IntPtr Ptr
    {
        get
        {
            if (_handle.IsClosed) throw new ObjectDisposedException(nameof(Tensor), "the tensor was disposed (directly or by its DisposeScope)");
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>True once the native tensor has been released.</summary>
    public bool IsDisposed => _handle.IsClosed;

    /// <summary>
    /// Disposes this tensor and returns <paramref name="next"/> — for forward passes that free each
    /// intermediate as soon as the next one exists (<c>x = x.DisposeAndReturn(conv.Forward(x))</c>),
    /// which keeps peak memory at PyTorch's level. Autograd keeps what it needs on its own.
    /// </summary>
    public Tensor DisposeAndReturn(Tensor next)
    {
        if (!ReferenceEquals(next, this)) Dispose();
        return next;
    }

    /// <summary>Releases the native tensor now (idempotent).</summary>
    public void Dispose()
    {
        Scope?.Forget(this);
        _handle.Dispose();
    }

    // ------------------------------------------------------------------ properties

    /// <summary>Number of dimensions.</summary>
    public int Dimensions => Check(st_tensor_ndim(Ptr));

    /// <summary>The shape, outermost dimension first.</summary>
    public unsafe long[] Shape
    {
        get
        {
            Span<long> buffer = stackalloc long[16];
            int n;
            fixed (long* p = buffer) n = Check(st_tensor_shape(Ptr, p, buffer.Length));
            if (n <= buffer.Length) return buffer[..n].ToArray();
            var big = new long[n];
            fixed (long* p = big) Check(st_tensor_shape(Ptr, p, n));
            return big;
        }
    }

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long Size(int dim)
    {
        long[] shape = Shape;
        int d = dim < 0 ? dim + shape.Length : dim;
        if ((uint)d >= (uint)shape.Length) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"tensor has {shape.Length} dimensions");
        return shape[d];
    }

    /// <summary>Number of elements.</summary>
    public long NumberOfElements
    {
        get
        {
            long n = st_tensor_numel(Ptr);
            if (n < 0) throw LastError();
            return n;
        }
    }

    /// <summary>The element type.</summary>
    public DType DType => (DType)Check(st_tensor_dtype(Ptr));

    /// <summary>The device that holds the data.</summary>
    public unsafe Device Device
    {
        get
        {
            int type, index;
            Check(st_tensor_device(Ptr, &type, &index));
            return new Device((DeviceType)type, index);
        }
    }

    /// <summary>True when the elements are stored densely in row-major order.</summary>
    public bool IsContiguous => Check(st_tensor_is_contiguous(Ptr)) != 0;

    // ------------------------------------------------------------------ data

    /// <summary>
    /// The elements of a contiguous CPU tensor as a span over native memory (no copy). Valid while
    /// the tensor is alive; throws <see cref="TorchException"/> for other tensors.
    /// </summary>
    public unsafe Span<T> Data<T>() where T : unmanaged
    {
        CheckType<T>();
        void* p = st_tensor_data_ptr(Ptr);
        if (p == null) throw LastError();
        return new Span<T>(p, checked((int)NumberOfElements));
    }

    /// <summary>The bytes of a contiguous CPU tensor (any element type) over native memory.</summary>
    internal unsafe Span<byte> RawBytes()
    {
        void* p = st_tensor_data_ptr(Ptr);
        if (p == null) throw LastError();
        return new Span<byte>(p, checked((int)(NumberOfElements * DType.ElementSize())));
    }

    /// <summary>Copies the elements (row-major, any device or layout) into <paramref name="destination"/>.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        CheckType<T>();
        fixed (T* p = destination)
        {
            Check(st_tensor_copy_to_host(Ptr, p, (long)destination.Length * sizeof(T)));
        }
    }

    /// <summary>Copies <paramref name="source"/> (row-major) into this tensor, in place, without an autograd record.</summary>
    public unsafe void CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        CheckType<T>();
        fixed (T* p = source)
        {
            Check(st_tensor_copy_from_host(Ptr, p, (long)source.Length * sizeof(T)));
        }
    }

    /// <summary>Copies <paramref name="source"/> into this tensor in place (broadcasting and casting; no autograd record).</summary>
    public void CopyFrom(Tensor source)
    {
        Check(st_tensor_copy_(Ptr, source.Ptr));
        GC.KeepAlive(source);
    }

    /// <summary>The elements, row-major, in a new array.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[checked((int)NumberOfElements)];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public unsafe T Item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(bool))
        {
            long v;
            Check(st_tensor_item_int64(Ptr, &v));
            if (typeof(T) == typeof(long)) return (T)(object)v;
            if (typeof(T) == typeof(int)) return (T)(object)checked((int)v);
            return (T)(object)(v != 0);
        }
        double d;
        Check(st_tensor_item_double(Ptr, &d));
        if (typeof(T) == typeof(double)) return (T)(object)d;
        if (typeof(T) == typeof(float)) return (T)(object)(float)d;
        throw new NotSupportedException($"Item<{typeof(T).Name}> is not supported");
    }

    private void CheckType<T>() where T : unmanaged
    {
        DType expected = DTypeExtensions.Of<T>();
        DType actual = DType;
        if (actual != expected)
        {
            throw new ArgumentException($"the tensor holds {actual} elements, not {typeof(T).Name} ({expected})");
        }
    }

    // ------------------------------------------------------------------ conversion

    /// <summary>A tensor on <paramref name="device"/> (this one's data when it is already there).</summary>
    public Tensor To(Device device) => FromHandle(st_tensor_to(Ptr, (int)device.Type, device.Index, (int)DType, 0));

    /// <summary>A tensor of element type <paramref name="type"/>.</summary>
    public Tensor To(DType type)
    {
        Device d = Device;
        return FromHandle(st_tensor_to(Ptr, (int)d.Type, d.Index, (int)type, 0));
    }

    /// <summary>Another handle to the same tensor (same storage and autograd identity), owned separately.</summary>
    public Tensor Alias() => FromHandle(st_tensor_alias(Ptr));

    /// <summary>libtorch's printout of the tensor.</summary>
    public override unsafe string ToString()
    {
        if (IsDisposed) return "Tensor(disposed)";
        int n = Check(st_tensor_to_string(Ptr, null, 0));
        byte[] buffer = new byte[n + 1];
        fixed (byte* p = buffer) Check(st_tensor_to_string(Ptr, p, buffer.Length));
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    /// <summary>Shape and type, e.g. "Tensor[32, 1, 96, 64] Float32 cpu".</summary>
    public string Describe() => $"Tensor[{string.Join(", ", Shape)}] {DType} {Device}";
}
