using System.Globalization;
using Ser.Torch;
using Xunit;

namespace Ser.Torch.Tests;

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

    // FromSpan allocates and fills the tensor on the calling thread, so its first-touch faults count here.
    // Warm-up first: glibc's 64-byte-aligned allocations leave split remainders behind for the first
    // few blocks before the heap settles into reusing one.
    private static long FaultsForRepeatedTensors(float[] data)
    {
        for (int i = 0; i < Rounds; i++)
        {
            using Tensor warm = Torch.FromSpan<float>(data, Floats);
        }
        long start = ThreadMinorFaults();
        for (int i = 0; i < Rounds; i++)
        {
            using Tensor t = Torch.FromSpan<float>(data, Floats);
        }
        return ThreadMinorFaults() - start;
    }

    [Fact]
    public void FreedMemoryIsRetainedByDefault()
    {
        Assert.True(Torch.RetainFreedMemory);
    }

    [Fact]
    public void RetainingFreedMemoryStopsRepeatedTensorsFromFaultingInNewPages()
    {
        bool before = Torch.RetainFreedMemory;
        float[] data = new float[Floats];
        Array.Fill(data, 1f);
        try
        {
            Torch.RetainFreedMemory = false;
            Assert.False(Torch.RetainFreedMemory);
            long glibcDefault = FaultsForRepeatedTensors(data);
            Torch.RetainFreedMemory = true;
            Assert.True(Torch.RetainFreedMemory);
            long retained = FaultsForRepeatedTensors(data);

            // Without retention each 4 MiB tensor is a fresh mmap: about 1024 faults per tensor.
            Assert.True(glibcDefault > Rounds * 256, $"glibc defaults: {glibcDefault} faults for {Rounds} tensors");
            Assert.True(retained * 10 < glibcDefault, $"retained: {retained} faults, glibc defaults: {glibcDefault}");
        }
        finally
        {
            Torch.RetainFreedMemory = before;
        }
    }
}
