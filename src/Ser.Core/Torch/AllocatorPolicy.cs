using System.Runtime.InteropServices;

namespace Ser.Core.Torch;

/// <summary>
/// Whether memory that libtorch frees stays in the process for the next tensor (glibc's malloc only).
/// libtorch allocates every operator's output afresh, and by default glibc returns large freed blocks to
/// the kernel, so the next activation of the same size lands on new pages and each 4 KiB page faults on
/// its first write; on a virtual machine training spent a third of its time in those faults. When
/// retaining, Ser.Core sets glibc's mmap threshold to 32 MiB, its trim threshold to 1 GiB and its top pad
/// to 64 MiB (process-wide, <c>mallopt</c>): blocks below 32 MiB are reused, thread arenas keep their
/// emptied heaps, and the process keeps up to 1 GiB of freed memory instead of its resident size falling
/// back after a peak.
/// Applied before Ser.Core's first libtorch call (<see cref="TorchRuntime.EnsureInitialized"/>), unless
/// the environment sets <c>SER_TORCH_MALLOC=default</c> or glibc's own malloc settings
/// (<c>GLIBC_TUNABLES=glibc.malloc.*</c>, <c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>,
/// <c>MALLOC_TOP_PAD_</c>). Never applied where the C library is not glibc.
/// </summary>
public static class AllocatorPolicy
{
    private const int MmapThreshold = -3, TrimThreshold = -1, TopPad = -2;    // M_MMAP_THRESHOLD, M_TRIM_THRESHOLD, M_TOP_PAD
    private const int RetainMmapThreshold = 32 << 20;                         // glibc's largest allowed value on 64-bit
    private const int RetainTrimThreshold = 1 << 30;
    // A thread arena (every thread but the main one) grows in 64 MiB heaps, and glibc unmaps a whole heap as
    // soon as it is empty, whatever the trim threshold. A top pad of 64 MiB keeps it.
    private const int RetainTopPad = 64 << 20;
    private const int GlibcInitial = 128 << 10;
    private static int _retaining;

    /// <summary>True while the retaining policy is in force (set by this class; false where the C library is not glibc).</summary>
    public static bool RetainFreedMemory
    {
        get => Volatile.Read(ref _retaining) != 0;
        set => Apply(value);
    }

    /// <summary>True when the environment chose malloc settings itself (then the default policy is not applied).</summary>
    public static bool EnvironmentChoosesMalloc
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SER_TORCH_MALLOC") == "default") return true;
            string? tunables = Environment.GetEnvironmentVariable("GLIBC_TUNABLES");
            if (tunables is not null && tunables.Contains("glibc.malloc.", StringComparison.Ordinal)) return true;
            return Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
                || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null
                || Environment.GetEnvironmentVariable("MALLOC_TOP_PAD_") is not null;
        }
    }

    /// <summary>Applies the retaining policy unless the environment opted out (<see cref="EnvironmentChoosesMalloc"/>).</summary>
    internal static void ApplyDefault()
    {
        if (!EnvironmentChoosesMalloc) Apply(true);
    }

    /// <summary>
    /// Sets the policy: retain (the values above) or glibc's initial values (thresholds and top pad 128 KiB; the
    /// thresholds then stay fixed), in which case the memory retained so far is given back to the kernel (<c>malloc_trim</c>).
    /// </summary>
    /// <returns>False where it cannot be applied (not Linux with glibc).</returns>
    public static bool Apply(bool retain)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            bool ok = mallopt(MmapThreshold, retain ? RetainMmapThreshold : GlibcInitial) == 1
                && mallopt(TrimThreshold, retain ? RetainTrimThreshold : GlibcInitial) == 1
                && mallopt(TopPad, retain ? RetainTopPad : GlibcInitial) == 1;
            if (ok) Volatile.Write(ref _retaining, retain ? 1 : 0);
            if (ok && !retain) malloc_trim(0);
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;                                  // musl and other C libraries have no mallopt
        }
    }

    [DllImport("libc", CallingConvention = CallingConvention.Cdecl)]
    private static extern int mallopt(int param, int value);

    [DllImport("libc", CallingConvention = CallingConvention.Cdecl)]
    private static extern int malloc_trim(nuint pad);
}
