using System.Buffers.Binary;
using System.Diagnostics;
using Ser.Core.Build;
using TorchSharp;
using Xunit;

namespace Ser.Core.Tests.Torch;

/// <summary>The build step that lets TorchSharp 0.107 load on libstdc++ without GLIBCXX_3.4.32 (src/Ser.Core/build).</summary>
public sealed class ElfVersionPatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int link(string existing, string newPath);

    /// <summary>A minimal ELF64 file: a null section, .dynstr and one .gnu.version_r naming libstdc++.so.6 with two versions.</summary>
    private static byte[] MinimalElf(ushort secondFlags = 0)
    {
        byte[] strings = "\0libstdc++.so.6\0GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0"u8.ToArray();
        int strOffset = 64, verOffset = strOffset + strings.Length + 4, shOffset = verOffset + 48;
        var elf = new byte[shOffset + 3 * 64];
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F'; elf[4] = 2; elf[5] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(0x28), (ulong)shOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3A), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x3C), 3);
        strings.CopyTo(elf, strOffset);
        // Verneed: version 1, 2 entries, file "libstdc++.so.6" (offset 1), aux at +16, no next.
        Span<byte> vn = elf.AsSpan(verOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(vn, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(vn[2..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(vn[4..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(vn[8..], 16);
        // Vernaux 1: GLIBCXX_3.4.30 (offset 16), next +16; Vernaux 2: GLIBCXX_3.4.32 (offset 31), last.
        BinaryPrimitives.WriteUInt16LittleEndian(vn[(16 + 6)..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(vn[(16 + 8)..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(vn[(16 + 12)..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(vn[(32 + 4)..], secondFlags);
        BinaryPrimitives.WriteUInt16LittleEndian(vn[(32 + 6)..], 3);
        BinaryPrimitives.WriteUInt32LittleEndian(vn[(32 + 8)..], 31);
        // Section 1: .dynstr; section 2: .gnu.version_r linked to 1 with 1 entry.
        Span<byte> s1 = elf.AsSpan(shOffset + 64), s2 = elf.AsSpan(shOffset + 128);
        BinaryPrimitives.WriteUInt32LittleEndian(s1[4..], 3);
        BinaryPrimitives.WriteUInt64LittleEndian(s1[24..], (ulong)strOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(s1[32..], (ulong)strings.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(s2[4..], 0x6ffffffe);
        BinaryPrimitives.WriteUInt64LittleEndian(s2[24..], (ulong)verOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(s2[32..], 48);
        BinaryPrimitives.WriteUInt32LittleEndian(s2[40..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(s2[44..], 1);
        return elf;
    }

    [Fact]
    public void OnlyTheFlagsOfTheNamedRequirementChangeAndOnlyOnce()
    {
        string path = Path.Combine(_dir, "lib.so");
        byte[] original = MinimalElf();
        File.WriteAllBytes(path, original);
        var stamp = new DateTime(2026, 5, 7, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionPatcher.MakeWeak(path, "libstdc++.so.6", "GLIBCXX_3.4.32"));
        byte[] patched = File.ReadAllBytes(path);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        long flags = ElfVersionPatcher.FindFlags(original, "libstdc++.so.6", "GLIBCXX_3.4.32", path);
        Assert.Equal(new[] { (int)flags }, changed);                     // one byte of the two-byte vna_flags: 0 → 2
        Assert.Equal(2, patched[flags]);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));           // incremental copies stay skipped
        Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionPatcher.MakeWeak(path, "libstdc++.so.6", "GLIBCXX_3.4.32"));
        Assert.Equal(ElfPatchOutcome.NotRequired, ElfVersionPatcher.MakeWeak(path, "libstdc++.so.6", "GLIBCXX_3.4.99"));
        Assert.Equal(ElfPatchOutcome.NotRequired, ElfVersionPatcher.MakeWeak(path, "libc.so.6", "GLIBCXX_3.4.32"));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void AHardLinkedOriginalIsNotWrittenThrough()
    {
        string cache = Path.Combine(_dir, "cache.so"), output = Path.Combine(_dir, "output.so");
        File.WriteAllBytes(cache, MinimalElf());
        Assert.Equal(0, link(cache, output));
        ElfVersionPatcher.MakeWeak(output, "libstdc++.so.6", "GLIBCXX_3.4.32");
        Assert.Equal(MinimalElf(), File.ReadAllBytes(cache));
        Assert.NotEqual(MinimalElf(), File.ReadAllBytes(output));
    }

    [Fact]
    public void FilesThatAreNotElfOrHaveTablesOutOfBoundsAreRefusedWithTheReason()
    {
        string path = Path.Combine(_dir, "bad.so");
        File.WriteAllBytes(path, "not a library at all, just text padding to 64 bytes......................"u8.ToArray());
        Assert.Contains("not an ELF file", Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MakeWeak(path, "libstdc++.so.6", "GLIBCXX_3.4.32")).Message);
        byte[] elf = MinimalElf();
        elf[4] = 1;
        File.WriteAllBytes(path, elf);
        Assert.Contains("64-bit little-endian", Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MakeWeak(path, "libstdc++.so.6", "GLIBCXX_3.4.32")).Message);
        var rng = new Random(7);
        byte[] good = MinimalElf();
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] bad = (byte[])good.Clone();
            bad[rng.Next(bad.Length)] = (byte)rng.Next(256);
            try
            {
                ElfVersionPatcher.FindFlags(bad, "libstdc++.so.6", "GLIBCXX_3.4.32", "fuzz");
            }
            catch (InvalidDataException)
            {
            }
            catch (OverflowException)
            {
            }
        }
    }

    [Fact]
    public void TheBuildMadeTheCopyOfLibTorchSharpInThisOutputLoadable()
    {
        string copy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(copy), copy);
        byte[] bytes = File.ReadAllBytes(copy);
        long flags = ElfVersionPatcher.FindFlags(bytes, "libstdc++.so.6", "GLIBCXX_3.4.32", copy);
        Assert.True(flags < 0 || (bytes[flags] & 2) != 0, "the GLIBCXX_3.4.32 requirement of the output's libLibTorchSharp.so is not weak");
        Assert.Equal(DeviceType.CPU, Ser.Core.Torch.TorchRuntime.Cpu.type);   // and TorchSharp loads
    }
}
