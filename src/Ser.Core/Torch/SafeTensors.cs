using System.Buffers.Binary;
using System.Text.Json;
using Ser.Core.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header
/// length N, N bytes of UTF-8 JSON <c>{name: {dtype, shape, data_offsets: [begin, end]},
/// "__metadata__": {string: string}}</c>, then the little-endian tensor bytes, packed without
/// gaps. Nothing in a file is executed; every header field is checked before any data is read.
/// </summary>
public static class SafeTensors
{
    /// <summary>Largest header accepted (the format's own limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private static readonly Dictionary<string, (ScalarType Type, int Size)> Codes = new(StringComparer.Ordinal)
    {
        ["F32"] = (ScalarType.Float32, 4), ["F64"] = (ScalarType.Float64, 8), ["F16"] = (ScalarType.Float16, 2), ["BF16"] = (ScalarType.BFloat16, 2),
        ["I64"] = (ScalarType.Int64, 8), ["I32"] = (ScalarType.Int32, 4), ["I16"] = (ScalarType.Int16, 2), ["I8"] = (ScalarType.Int8, 1),
        ["U8"] = (ScalarType.Byte, 1), ["BOOL"] = (ScalarType.Bool, 1),
    };

    private static string Code(ScalarType type)
    {
        foreach (var (code, t) in Codes) if (t.Type == type) return code;
        throw new NotSupportedException($"{type} has no safetensors code");
    }

    /// <summary>Bytes per element of a type the format knows.</summary>
    internal static int ElementSize(ScalarType type)
    {
        foreach (var (_, t) in Codes) if (t.Type == type) return t.Size;
        throw new NotSupportedException($"{type} has no safetensors code");
    }

    /// <summary>Reads the header only: names, types, shapes and offsets, plus the metadata.</summary>
    public static (IReadOnlyList<SafeTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata) ReadHeader(string path)
    {
        using FileStream stream = OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>
    /// Reads every tensor into new CPU tensors, outside any dispose scope (the caller owns them; dispose the
    /// returned dictionary's values, e.g. with <see cref="DisposeAll"/>).
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor and the metadata.</summary>
    public static Dictionary<string, Tensor> Load(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        using FileStream stream = OpenRead(path);
        return Load(stream, path, out metadata);
    }

    private static Dictionary<string, Tensor> Load(Stream stream, string path, out IReadOnlyDictionary<string, string> metadata)
    {
        TorchRuntime.EnsureInitialized();
        var (infos, meta) = ReadHeader(stream, path);
        metadata = meta;
        long dataStart = stream.Position;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (SafeTensorInfo info in infos.OrderBy(i => i.Begin))
            {
                Tensor t = empty(info.Shape, info.DType).DetachFromDisposeScope();
                result.Add(info.Name, t);
                stream.Position = dataStart + info.Begin;
                if (info.NumberOfElements == 0) continue;
                Span<byte> target = t.bytes;
                int read = 0;
                while (read < target.Length)
                {
                    int n = stream.Read(target[read..]);
                    if (n == 0) throw new SafeTensorsException(path, $"the data of '{info.Name}' is cut short (file truncated)");
                    read += n;
                }
            }
        }
        catch
        {
            DisposeAll(result);
            throw;
        }
        return result;
    }

    /// <summary>Disposes every tensor of a dictionary returned by <see cref="Load(string)"/>.</summary>
    public static void DisposeAll(IReadOnlyDictionary<string, Tensor> tensors)
    {
        foreach (Tensor t in tensors.Values) t.Dispose();
    }

    /// <summary>
    /// Writes tensors (copied to the CPU, row-major) and optional metadata atomically: a temporary
    /// file in the same folder is renamed over <paramref name="path"/> only when complete.
    /// </summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = CheckNames(tensors);
        AtomicFile.Write(path, stream => WriteTo(stream, list, metadata));
    }

    /// <summary>The safetensors bytes of <paramref name="tensors"/> (for embedding in another container).</summary>
    public static byte[] ToBytes(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var ms = new MemoryStream();
        WriteTo(ms, CheckNames(tensors), metadata);
        return ms.ToArray();
    }

    /// <summary>Reads tensors from safetensors bytes (same checks as a file); <paramref name="name"/> appears in errors.</summary>
    public static Dictionary<string, Tensor> FromBytes(byte[] data, string name = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(data);
        using var ms = new MemoryStream(data, writable: false);
        return Load(ms, name, out _);
    }

    private static List<KeyValuePair<string, Tensor>> CheckNames(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in list)
        {
            if (string.IsNullOrEmpty(name) || name == MetadataKey) throw new ArgumentException($"invalid tensor name '{name}'");
            if (!names.Add(name)) throw new ArgumentException($"duplicate tensor name '{name}'");
        }
        return list;
    }

    private static void WriteTo(Stream stream, List<KeyValuePair<string, Tensor>> list, IReadOnlyDictionary<string, string>? metadata)
    {
        byte[] header = BuildHeader(list, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, t) in list)
        {
            if (t.numel() == 0) continue;
            if (t.device_type == DeviceType.CPU && t.is_contiguous())
            {
                stream.Write(t.bytes);
            }
            else
            {
                using Tensor host = t.detach().cpu().contiguous();
                stream.Write(host.bytes);
            }
        }
    }

    /// <summary>Saves a module's parameters and buffers under their dotted names.</summary>
    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Save(path, module.state_dict(), metadata);
    }

    /// <summary>
    /// Loads a file into a module's parameters and buffers; names, shapes and element types must
    /// match (every mismatch is listed in <see cref="StateDictMismatchException"/>).
    /// </summary>
    public static void LoadInto(nn.Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        Dictionary<string, Tensor> tensors = Load(path);
        try
        {
            StateDict.Load(module, tensors, strict);
        }
        finally
        {
            DisposeAll(tensors);
        }
    }

    // ------------------------------------------------------------------ header

    private static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SafeTensorsException(path, "cannot be opened: " + e.Message, e);
        }
    }

    private static (IReadOnlyList<SafeTensorInfo>, IReadOnlyDictionary<string, string>) ReadHeader(Stream stream, string file)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not");
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            throw new SafeTensorsException(file, "too short for a safetensors header (fewer than 8 bytes)");
        }
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        long fileLength = stream.Length;
        if (n == 0 || n > MaxHeaderBytes) throw new SafeTensorsException(file, $"header length {n} is outside 1..{MaxHeaderBytes}");
        if ((long)n > fileLength - 8) throw new SafeTensorsException(file, $"header length {n} exceeds the file ({fileLength} bytes)");
        byte[] json = new byte[n];
        stream.ReadExactly(json);
        long dataLength = fileLength - 8 - (long)n;
        return ParseHeader(json, dataLength, file);
    }

    internal static (IReadOnlyList<SafeTensorInfo>, IReadOnlyDictionary<string, string>) ParseHeader(byte[] json, long dataLength, string file)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json)) throw new SafeTensorsException(file, "the header is not valid UTF-8");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new SafeTensorsException(file, "the header is not valid JSON: " + e.Message, e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new SafeTensorsException(file, "the header is not a JSON object");
            var infos = new List<SafeTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(p.Name)) throw new SafeTensorsException(file, $"the header names '{p.Name}' twice");
                if (p.Name == MetadataKey)
                {
                    if (p.Value.ValueKind != JsonValueKind.Object) throw new SafeTensorsException(file, "__metadata__ is not an object");
                    foreach (JsonProperty m in p.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw new SafeTensorsException(file, $"metadata '{m.Name}' is not a string");
                        metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                infos.Add(ParseEntry(p, file));
            }
            CheckLayout(infos, dataLength, file);
            return (infos, metadata);
        }
    }

    private static SafeTensorInfo ParseEntry(JsonProperty p, string file)
    {
        string name = p.Name;
        JsonElement e = p.Value;
        if (e.ValueKind != JsonValueKind.Object) throw new SafeTensorsException(file, $"'{name}' is not an object");
        if (!e.TryGetProperty("dtype", out JsonElement dt) || dt.ValueKind != JsonValueKind.String)
        {
            throw new SafeTensorsException(file, $"'{name}' has no dtype");
        }
        if (!Codes.TryGetValue(dt.GetString()!, out var code)) throw new SafeTensorsException(file, $"'{name}' has unsupported dtype '{dt.GetString()}'");
        if (!e.TryGetProperty("shape", out JsonElement sh) || sh.ValueKind != JsonValueKind.Array)
        {
            throw new SafeTensorsException(file, $"'{name}' has no shape");
        }
        var shape = new List<long>();
        foreach (JsonElement d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long v) || v < 0)
            {
                throw new SafeTensorsException(file, $"'{name}' has an invalid shape entry {d}");
            }
            shape.Add(v);
        }
        if (shape.Count > 16) throw new SafeTensorsException(file, $"'{name}' has {shape.Count} dimensions (at most 16)");
        if (!e.TryGetProperty("data_offsets", out JsonElement off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
        {
            throw new SafeTensorsException(file, $"'{name}' has no data_offsets pair");
        }
        long[] o = new long[2];
        int k = 0;
        foreach (JsonElement d in off.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out o[k]) || o[k] < 0)
            {
                throw new SafeTensorsException(file, $"'{name}' has an invalid data offset {d}");
            }
            k++;
        }
        var (type, size) = code;
        var info = new SafeTensorInfo(name, type, shape.ToArray(), o[0], o[1]);
        long elements;
        try
        {
            elements = info.NumberOfElements;
        }
        catch (OverflowException)
        {
            throw new SafeTensorsException(file, $"'{name}' has a shape too large to address");
        }
        long bytes;
        try
        {
            bytes = checked(elements * size);
        }
        catch (OverflowException)
        {
            throw new SafeTensorsException(file, $"'{name}' has a shape too large to address");
        }
        if (o[1] < o[0] || o[1] - o[0] != bytes)
        {
            throw new SafeTensorsException(file, $"'{name}': offsets [{o[0]}, {o[1]}] do not hold [{string.Join(", ", info.Shape)}] {type} ({bytes} bytes)");
        }
        return info;
    }

    private static void CheckLayout(List<SafeTensorInfo> infos, long dataLength, string file)
    {
        long expected = 0;
        foreach (SafeTensorInfo info in infos.OrderBy(i => i.Begin).ThenBy(i => i.End))
        {
            if (info.End > dataLength)
            {
                throw new SafeTensorsException(file, $"'{info.Name}' ends at byte {info.End} but the data section has {dataLength} bytes (offsets out of range or file truncated)");
            }
            if (info.Begin < expected) throw new SafeTensorsException(file, $"'{info.Name}' overlaps the previous tensor (starts at {info.Begin}, previous ends at {expected})");
            if (info.Begin > expected) throw new SafeTensorsException(file, $"gap of {info.Begin - expected} bytes before '{info.Name}'");
            expected = info.End;
        }
        if (expected != dataLength) throw new SafeTensorsException(file, $"{dataLength - expected} bytes after the last tensor are not described by the header");
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in tensors)
            {
                long bytes = t.numel() * ElementSize(t.dtype);
                w.WriteStartObject(name);
                w.WriteString("dtype", Code(t.dtype));
                w.WriteStartArray("shape");
                foreach (long d in t.shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        // Pad with spaces to a multiple of 8 so the data section is aligned.
        int pad = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < pad; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }
}
