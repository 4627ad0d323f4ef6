using System.Globalization;
using Ser.Core.Torch;
using Xunit;
using static TorchSharp.torch;

namespace Ser.Core.Tests.Torch;

[Collection(Support.LibtorchCollection.Name)]
public class AllocatorPolicyTests
{
    private const int Floats = 1 << 20; // 4 MiB: above glibc's initial mmap threshold, below the retained one
    private const int Rounds = 20;

    // Minor page faults of the calling OS thread (/proc/thread-self/stat, field 10).
    private static long ThreadMinorFaults()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture); // fields[0] is field 3 (state)
    }

    // libtorch allocates and fills each tensor on the calling thread, so its first-touch faults count here.
    // Warm-up first: glibc's 64-byte-aligned allocations leave split remainders behind for the first
    // few blocks before the heap settles into reusing one.
    private static long FaultsForRepeatedTensors()
    {
        for (int i = 0; i < Rounds; i++)
        {
            using Tensor warm = ones(Floats);
        }
        long start = ThreadMinorFaults();
        for (int i = 0; i < Rounds; i++)
        {
            using Tensor t = ones(Floats);
        }
        return ThreadMinorFaults() - start;
    }

    [Fact]
    public void FreedMemoryIsRetainedByDefault()
    {
        TorchRuntime.EnsureInitialized();
        Assert.False(AllocatorPolicy.EnvironmentChoosesMalloc, "the test run sets malloc options itself");
        Assert.True(AllocatorPolicy.RetainFreedMemory);
    }

    /// <summary>
    /// With the policy, 20 tensors of 4 MiB fault in a handful of pages; on fresh pages they would fault in 20 × 1024.
    /// (glibc's defaults cannot be restored in a process whose thread arenas already hold retained memory, so the
    /// comparison with them is measured in separate processes by scripts/bench-allocator.sh.)
    /// </summary>
    [Fact]
    public void RetainingFreedMemoryStopsRepeatedTensorsFromFaultingInNewPages()
    {
        TorchRuntime.EnsureInitialized();
        bool before = AllocatorPolicy.RetainFreedMemory;
        using var threads = Support.TorchThreadCount.Set(1);   // libtorch fills the tensors on this thread, where the faults are counted
        try
        {
            Assert.True(AllocatorPolicy.Apply(retain: true));
            Assert.True(AllocatorPolicy.RetainFreedMemory);
            long retained = FaultsForRepeatedTensors();
            long freshPages = Rounds * (Floats * 4L / Environment.SystemPageSize);
            Assert.True(retained * 10 < freshPages, $"retained: {retained} faults for {Rounds} tensors, fresh pages would be {freshPages}");
            Assert.True(AllocatorPolicy.Apply(retain: false));
            Assert.False(AllocatorPolicy.RetainFreedMemory);
        }
        finally
        {
            AllocatorPolicy.Apply(before);
        }
    }
}
