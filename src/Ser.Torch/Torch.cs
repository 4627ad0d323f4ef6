using Ser.Torch.Interop;
using static Ser.Torch.Interop.NativeMethods;

namespace Ser.Torch;

/// <summary>
/// Entry point of Ser.Torch: tensor factories, the random seed, threads, devices, gradient
/// mode and dispose scopes. The native library loads on the first call that needs it.
/// </summary>
public static class Torch
{
    // ------------------------------------------------------------------ runtime

    /// <summary>Seeds libtorch's global generators: the same seed gives the same random tensors and initialisations.</summary>
    public static void ManualSeed(ulong seed) => Check(st_manual_seed(seed));

    /// <summary>
    /// Threads libtorch uses inside one operation (intra-op). libtorch 1.13 defaults to half the
    /// cores; set it explicitly for reproducible speed. The setting is process-wide: it holds on
    /// every thread, including thread-pool threads that ran libtorch before the change, so the same
    /// input gives bitwise the same output on any thread.
    /// </summary>
    public static int Threads
    {
        get => Check(st_get_num_threads());
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Check(st_set_num_threads(value));
        }
    }

    /// <summary>
    /// Whether memory that libtorch frees stays in the process for the next tensor (glibc's
    /// malloc only). libtorch allocates every operator's output afresh, and by default glibc
    /// returns large freed blocks to the kernel, so the next activation of the same size lands on
    /// new pages and each 4 KiB page faults on first write; on a virtual machine training spent a
    /// third of its time in those faults. When true, Ser.Torch sets glibc's mmap threshold to
    /// 32 MiB, its trim threshold to 1 GiB and its top pad to 64 MiB (process-wide, <c>mallopt</c>):
    /// blocks below 32 MiB are reused, thread arenas keep their emptied heaps, and the process keeps
    /// up to 1 GiB of freed memory instead of its resident size falling back after a peak. Default: true, applied when the native library loads, unless the
    /// environment sets <c>SER_TORCH_MALLOC=default</c> or glibc's own malloc settings
    /// (<c>GLIBC_TUNABLES=glibc.malloc.*</c>, <c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>,
    /// <c>MALLOC_TOP_PAD_</c>). Setting false applies glibc's initial values (thresholds and top pad 128 KiB; the thresholds then stay fixed).
    /// Always false, and setting it does nothing, where the C library is not glibc.
    /// </summary>
    public static bool RetainFreedMemory
    {
        get => st_get_retain_freed_memory() != 0;
        set => st_set_retain_freed_memory(value ? 1 : 0);
    }

    /// <summary>True when libtorch was built with CUDA and a GPU is visible.</summary>
    public static bool IsCudaAvailable => st_cuda_is_available() != 0;

    /// <summary>Number of visible CUDA GPUs (0 without CUDA).</summary>
    public static int CudaDeviceCount => st_cuda_device_count();

    /// <summary>Native tensors alive in this process (created through Ser.Torch and not yet released). Leak tests assert on it.</summary>
    public static long LiveTensorCount => st_live_tensors();

    /// <summary>Version of the native shim's ABI.</summary>
    public static int NativeVersion => st_version();

    /// <summary>Whether this thread records operations for autograd.</summary>
    public static bool IsGradEnabled => st_is_grad_enabled() != 0;

    /// <summary>Stops gradient recording on this thread until the returned scope is disposed (torch.no_grad()).</summary>
    public static GradModeScope NoGrad() => new(false);

    /// <summary>Turns gradient recording on or off on this thread until the returned scope is disposed.</summary>
    public static GradModeScope GradEnabled(bool enabled) => new(enabled);

    /// <summary>Opens a scope that owns the tensors created on this thread until it is disposed.</summary>
    public static DisposeScope NewDisposeScope() => new();

    // ------------------------------------------------------------------ factories

    /// <summary>An uninitialised tensor.</summary>
    public static unsafe Tensor Empty(long[] shape, DType type = DType.Float32, Device? device = null)
    {
        Device d = device ?? Device.Cpu;
        fixed (long* s = shape)
        {
            return Tensor.FromHandle(st_tensor_empty(s, shape.Length, (int)type, (int)d.Type, d.Index));
        }
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(long[] shape, DType type = DType.Float32, Device? device = null) =>
        Empty(shape, type, device).ZeroInPlace();

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(long[] shape, DType type = DType.Float32, Device? device = null) =>
        Empty(shape, type, device).FillInPlace(1);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(long[] shape, double value, DType type = DType.Float32, Device? device = null) =>
        Empty(shape, type, device).FillInPlace(value);

    /// <summary>Standard normal random values (global generator; see <see cref="ManualSeed"/>).</summary>
    public static Tensor Randn(long[] shape, DType type = DType.Float32, Device? device = null) =>
        Empty(shape, type, device).NormalInPlace();

    /// <summary>Uniform random values in [0, 1).</summary>
    public static Tensor Rand(long[] shape, DType type = DType.Float32, Device? device = null) =>
        Empty(shape, type, device).UniformInPlace();

    /// <summary>Uniform random integers in [low, high).</summary>
    public static Tensor RandInt(long low, long high, long[] shape, DType type = DType.Int64, Device? device = null)
    {
        Tensor t = Empty(shape, type, device);
        new Args(Aten.Random_).Tensor(t).Int(low).Int(high).CallInPlace();
        return t;
    }

    /// <summary>start, start+step, … below end (Int64 when all arguments are integers, else Float32).</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType? type = null)
    {
        bool integral = start == Math.Floor(start) && end == Math.Floor(end) && step == Math.Floor(step);
        DType t = type ?? (integral ? DType.Int64 : DType.Float32);
        return new Args(Aten.Arange).Double(start).Double(end).Double(step).Int((long)t).Call();
    }

    /// <summary>A new CPU tensor holding a copy of <paramref name="data"/> (row-major) in <paramref name="shape"/>.</summary>
    public static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, params long[] shape) where T : unmanaged
    {
        DType type = DTypeExtensions.Of<T>();
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            return Tensor.FromHandle(st_tensor_from_data(p, (long)data.Length * sizeof(T), s, shape.Length, (int)type));
        }
    }

    /// <summary>A new CPU tensor holding a copy of <paramref name="data"/> in <paramref name="shape"/> (1-D when no shape is given).</summary>
    public static Tensor FromArray<T>(T[] data, params long[] shape) where T : unmanaged =>
        FromSpan<T>(data, shape.Length == 0 ? new long[] { data.Length } : shape);

    /// <summary>A one-element, zero-dimensional tensor.</summary>
    public static Tensor Scalar<T>(T value) where T : unmanaged => FromSpan<T>(new[] { value });

    /// <summary>A new CPU tensor from raw little-endian bytes.</summary>
    public static unsafe Tensor FromBytes(ReadOnlySpan<byte> data, DType type, long[] shape)
    {
        fixed (byte* p = data)
        fixed (long* s = shape)
        {
            return Tensor.FromHandle(st_tensor_from_data(p, data.Length, s, shape.Length, (int)type));
        }
    }

    /// <summary>Joins tensors along an existing dimension.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => new Args(Aten.Cat).Tensors(tensors).Int(dim).Call();

    /// <summary>Joins tensors along a new dimension.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0) => new Args(Aten.Stack).Tensors(tensors).Int(dim).Call();
}
