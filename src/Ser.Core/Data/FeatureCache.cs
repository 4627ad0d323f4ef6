using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using System.Text;

namespace Ser.Core.Data;

/// <summary>
/// An on-disk store of float32 feature matrices keyed by (audio content, feature options): each
/// entry is computed once and reused across runs, folds and processes.
/// <para>Layout: <c>root/&lt;options hash&gt;/&lt;content hash&gt;.f32</c> — a 40-byte header
/// (magic "SERF", format version, rows, columns, SHA-256 of the data, truncated to 16 bytes) followed
/// by the row-major float32 data, read through a memory map. <c>root/index.tsv</c> maps a file's
/// (path, size, modification time) to its content hash so unchanged files are not re-hashed.</para>
/// <para>Safety: entries are written to a temporary file and renamed into place (atomic on one file
/// system), so two processes filling the cache at once never leave a partial entry — the last
/// rename wins with identical content. A corrupt or truncated entry (checksum or size mismatch) is
/// detected on read, recomputed and replaced.</para>
/// </summary>
public sealed class FeatureCache
{
    private const uint Magic = 0x46524553;   // "SERF"
    private const int Version = 1, HeaderBytes = 40;
    private readonly ConcurrentDictionary<string, string> _contentHashes = new(StringComparer.Ordinal);
    private readonly string _indexPath;
    private readonly object _indexLock = new();

    /// <summary>Opens (creating if needed) a cache rooted at <paramref name="root"/>.</summary>
    public FeatureCache(string root)
    {
        Root = Path.GetFullPath(root ?? throw new ArgumentNullException(nameof(root)));
        Directory.CreateDirectory(Root);
        _indexPath = Path.Combine(Root, "index.tsv");
        LoadIndex();
    }

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    /// <summary>Entries served from disk since creation.</summary>
    public int Hits => _hits;

    /// <summary>Entries computed (missing or corrupt) since creation.</summary>
    public int Misses => _misses;

    /// <summary>Corrupt entries found (and recomputed) since creation.</summary>
    public int CorruptEntries => _corrupt;

    private int _hits, _misses, _corrupt;

    /// <summary>A short, stable hash of an options description (e.g. <c>LogMelOptions.ToString()</c>).</summary>
    public static string OptionsHash(string optionsDescription) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(optionsDescription)))[..16].ToLowerInvariant();

    /// <summary>SHA-256 of a file's bytes (hex), memoised by (path, size, modification time).</summary>
    public string ContentHash(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"'{path}' does not exist", path);
        string key = $"{info.FullName}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}";
        if (_contentHashes.TryGetValue(key, out string? known)) return known;
        string hash;
        using (var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            hash = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        }
        if (_contentHashes.TryAdd(key, hash))
        {
            lock (_indexLock) File.AppendAllText(_indexPath, key + "\t" + hash + "\n");
        }
        return hash;
    }

    /// <summary>
    /// The matrix for (<paramref name="audioPath"/>'s content, <paramref name="optionsHash"/>):
    /// read from the cache, or computed by <paramref name="compute"/> (rows, columns, row-major
    /// data) and stored.
    /// </summary>
    public (float[] Data, int Rows, int Columns) GetOrAdd(string audioPath, string optionsHash, Func<(float[] Data, int Rows, int Columns)> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        string file = EntryPath(ContentHash(audioPath), optionsHash);
        if (File.Exists(file))
        {
            if (TryRead(file, out var cached))
            {
                Interlocked.Increment(ref _hits);
                return cached;
            }
            Interlocked.Increment(ref _corrupt);
        }
        Interlocked.Increment(ref _misses);
        var value = compute();
        if (value.Data.Length != (long)value.Rows * value.Columns) throw new InvalidOperationException($"{value.Rows} × {value.Columns} does not match {value.Data.Length} values");
        Write(file, value);
        return value;
    }

    /// <summary>Where an entry lives.</summary>
    public string EntryPath(string contentHash, string optionsHash) => Path.Combine(Root, optionsHash, contentHash + ".f32");

    private static bool TryRead(string file, out (float[] Data, int Rows, int Columns) value)
    {
        value = default;
        try
        {
            long length = new FileInfo(file).Length;
            if (length < HeaderBytes) return false;
            using var map = MemoryMappedFile.CreateFromFile(file, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            var header = new byte[HeaderBytes];
            view.ReadArray(0, header, 0, HeaderBytes);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)) != Version) return false;
            int rows = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)), cols = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
            if (rows < 0 || cols < 0 || HeaderBytes + (long)rows * cols * 4 != length) return false;
            var data = new float[rows * cols];
            view.ReadArray(HeaderBytes, data, 0, data.Length);
            if (!Checksum(data).AsSpan().SequenceEqual(header.AsSpan(16, 16))) return false;
            value = (data, rows, cols);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static byte[] Checksum(float[] data) =>
        SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()))[..16];

    private static void Write(string file, (float[] Data, int Rows, int Columns) value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), value.Rows);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), value.Columns);
        Checksum(value.Data).CopyTo(header, 16);
        Ser.Core.IO.AtomicFile.Write(file, stream =>
        {
            stream.Write(header);
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.Data.AsSpan()));
        }, flushToDisk: false);
    }

    private void LoadIndex()
    {
        if (!File.Exists(_indexPath)) return;
        foreach (string line in File.ReadLines(_indexPath))
        {
            string[] f = line.Split('\t');
            if (f.Length == 4 && f[3].Length == 64) _contentHashes.TryAdd($"{f[0]}\t{f[1]}\t{f[2]}", f[3]);
        }
    }
}
