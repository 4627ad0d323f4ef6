namespace Ser.Core.IO;

/// <summary>Writes files so that readers see either the old content or the complete new content, never a part.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Runs <paramref name="write"/> against a temporary file next to <paramref name="path"/>, flushes it to
    /// disk and renames it over <paramref name="path"/>. On failure the temporary file is deleted and the
    /// destination is left as it was.
    /// </summary>
    /// <param name="path">Destination file.</param>
    /// <param name="write">Writes the whole content to the given stream.</param>
    public static void Write(string path, Action<Stream> write) => Write(path, write, flushToDisk: true);

    /// <summary>
    /// As <see cref="Write(string, Action{Stream})"/>; <paramref name="flushToDisk"/> false skips the
    /// fsync (for caches whose entries are checksummed and can be recomputed).
    /// </summary>
    public static void Write(string path, Action<Stream> write, bool flushToDisk)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
