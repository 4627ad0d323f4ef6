// Compiled twice: by MSBuild's RoslynCodeTaskFactory into the SerWeakenGlibcxxRequirement task (Ser.Core.targets),
// and into the tests (SER_ELF_PATCHER_TESTS), which exercise the patcher without MSBuild.
using System;
using System.IO;
using System.Text;
#if !SER_ELF_PATCHER_TESTS
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

namespace Ser.Core.Build
{
    /// <summary>What <see cref="ElfVersionPatcher.MakeWeak"/> found and did.</summary>
    public enum ElfPatchOutcome
    {
        /// <summary>The requirement was strong and is now weak.</summary>
        Patched,
        /// <summary>The requirement was already weak: the file is unchanged.</summary>
        AlreadyWeak,
        /// <summary>The file does not require that version: the file is unchanged.</summary>
        NotRequired,
    }

    /// <summary>
    /// Sets <c>VER_FLG_WEAK</c> on one version requirement of an ELF64 little-endian shared library (its
    /// <c>.gnu.version_r</c> entry for a file such as libstdc++.so.6), so that the dynamic loader accepts a
    /// library that lacks that version. A two-byte edit of <c>vna_flags</c>; everything else is left as is.
    /// The file is rewritten through a temporary file and a rename (a hard link to the original, e.g. into a
    /// NuGet cache, is never written through), and its timestamp is kept so incremental copies stay skipped.
    /// </summary>
    public static class ElfVersionPatcher
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 2;

        /// <summary>Makes the requirement of <paramref name="version"/> from <paramref name="needed"/> weak in <paramref name="path"/>.</summary>
        /// <exception cref="InvalidDataException">The file is not an ELF64 little-endian library, or its version tables are out of bounds.</exception>
        public static ElfPatchOutcome MakeWeak(string path, string needed, string version)
        {
            byte[] elf = File.ReadAllBytes(path);
            long flagsOffset = FindFlags(elf, needed, version, path);
            if (flagsOffset < 0) return ElfPatchOutcome.NotRequired;
            ushort flags = BitConverter.ToUInt16(elf, (int)flagsOffset);
            if ((flags & VerFlgWeak) != 0) return ElfPatchOutcome.AlreadyWeak;
            flags |= VerFlgWeak;
            DateTime stamp = File.GetLastWriteTimeUtc(path);
            string temp = path + ".ser-patch.tmp";
            try
            {
                File.Copy(path, temp, overwrite: true);                 // keeps the file mode
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
                {
                    stream.Position = flagsOffset;
                    stream.Write(new[] { (byte)flags, (byte)(flags >> 8) }, 0, 2);
                }
                File.SetLastWriteTimeUtc(temp, stamp);
                File.Replace(temp, path, null);                         // a rename: a hard link is replaced, not written through
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return ElfPatchOutcome.Patched;
        }

        /// <summary>Offset of the vna_flags of the requirement, or -1 when the file does not require it.</summary>
        public static long FindFlags(byte[] elf, string needed, string version, string nameForErrors)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw new InvalidDataException($"{nameForErrors}: not an ELF file");
            }
            if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException($"{nameForErrors}: not a 64-bit little-endian ELF file (class {elf[4]}, data {elf[5]})");
            long shoff = U64(elf, 0x28, nameForErrors);
            int shentsize = U16(elf, 0x3A, nameForErrors), shnum = U16(elf, 0x3C, nameForErrors);
            if (shoff == 0 || shnum == 0) throw new InvalidDataException($"{nameForErrors}: the file has no section headers");
            if (shentsize < 64) throw new InvalidDataException($"{nameForErrors}: section header size {shentsize} is below 64");
            for (int i = 0; i < shnum; i++)
            {
                long sh = checked(shoff + (long)i * shentsize);
                if (U32(elf, sh + 4, nameForErrors) != ShtGnuVerneed) continue;
                long offset = U64(elf, sh + 24, nameForErrors), size = U64(elf, sh + 32, nameForErrors);
                uint link = U32(elf, sh + 40, nameForErrors), count = U32(elf, sh + 44, nameForErrors);
                if (link >= shnum) throw new InvalidDataException($"{nameForErrors}: .gnu.version_r links to section {link} of {shnum}");
                long strtab = U64(elf, checked(shoff + (long)link * shentsize + 24), nameForErrors);
                long strsize = U64(elf, checked(shoff + (long)link * shentsize + 32), nameForErrors);
                Check(elf, offset, size, nameForErrors, ".gnu.version_r");
                Check(elf, strtab, strsize, nameForErrors, "its string table");
                long vn = offset;
                for (uint n = 0; n < count; n++)
                {
                    Check(elf, vn, 16, nameForErrors, "a version requirement");
                    int cnt = U16(elf, vn + 2, nameForErrors);
                    string file = Str(elf, strtab, strsize, U32(elf, vn + 4, nameForErrors), nameForErrors);
                    long aux = checked(vn + U32(elf, vn + 8, nameForErrors));
                    for (int a = 0; a < cnt; a++)
                    {
                        Check(elf, aux, 16, nameForErrors, "a version requirement entry");
                        string name = Str(elf, strtab, strsize, U32(elf, aux + 8, nameForErrors), nameForErrors);
                        if (file == needed && name == version) return aux + 4;       // vna_hash (4), then vna_flags (2)
                        uint next = U32(elf, aux + 12, nameForErrors);
                        if (next == 0) break;
                        aux = checked(aux + next);
                    }
                    uint vnNext = U32(elf, vn + 12, nameForErrors);
                    if (vnNext == 0) break;
                    vn = checked(vn + vnNext);
                }
                return -1;
            }
            return -1;
        }

        private static void Check(byte[] elf, long offset, long size, string name, string what)
        {
            if (offset < 0 || size < 0 || offset > elf.Length || size > elf.Length - offset)
            {
                throw new InvalidDataException($"{name}: {what} at {offset} (+{size}) lies outside the file ({elf.Length} bytes)");
            }
        }

        private static ushort U16(byte[] b, long at, string name) { Check(b, at, 2, name, "a field"); return BitConverter.ToUInt16(b, (int)at); }

        private static uint U32(byte[] b, long at, string name) { Check(b, at, 4, name, "a field"); return BitConverter.ToUInt32(b, (int)at); }

        private static long U64(byte[] b, long at, string name)
        {
            Check(b, at, 8, name, "a field");
            ulong v = BitConverter.ToUInt64(b, (int)at);
            if (v > long.MaxValue) throw new InvalidDataException($"{name}: offset {v} is out of range");
            return (long)v;
        }

        private static string Str(byte[] b, long table, long size, uint at, string name)
        {
            if (at >= size) throw new InvalidDataException($"{name}: string {at} lies outside the string table ({size} bytes)");
            long start = table + at, end = start;
            while (end < table + size && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
        }
    }

#if !SER_ELF_PATCHER_TESTS
    /// <summary>
    /// MSBuild task: makes the GLIBCXX_3.4.32 requirement of each given libLibTorchSharp.so weak, so TorchSharp 0.107
    /// loads on libstdc++ older than GCC 13's (Debian 12, Ubuntu 22.04). Says once per file what it changed.
    /// </summary>
    public sealed class SerWeakenGlibcxxRequirement : Task
    {
        /// <summary>The copies to patch (never a package cache's file).</summary>
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The version to make weak. Default GLIBCXX_3.4.32.</summary>
        public string Version { get; set; } = "GLIBCXX_3.4.32";

        /// <inheritdoc />
        public override bool Execute()
        {
            foreach (ITaskItem item in Files)
            {
                string path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                try
                {
                    ElfPatchOutcome outcome = ElfVersionPatcher.MakeWeak(path, "libstdc++.so.6", Version);
                    if (outcome == ElfPatchOutcome.Patched)
                    {
                        Log.LogMessage(MessageImportance.High,
                            $"Ser.Core: made the {Version} requirement of {path} weak (vna_flags |= VER_FLG_WEAK), so TorchSharp loads on libstdc++ without it (Debian 12, Ubuntu 22.04). Set SerPatchLibTorchSharp=false to skip.");
                    }
                    else
                    {
                        Log.LogMessage(MessageImportance.Low, $"Ser.Core: {path}: {outcome}");
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException || e is OverflowException)
                {
                    Log.LogError($"Ser.Core: cannot make the {Version} requirement of {path} weak, so TorchSharp will not load on libstdc++ older than GCC 13's: {e.Message}. Set SerPatchLibTorchSharp=false to skip this step.");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
