using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ser.Core.Pipeline;

/// <summary>
/// Saves and loads fitted pipelines as one file: a zip holding <c>manifest.json</c> (format name, format
/// version written, oldest reader version that can read it, library version, stage list with SHA-256 of
/// each entry) and one JSON entry per stage. Writes are atomic (temporary file, then rename).
/// </summary>
public sealed class ModelOperations
{
    /// <summary>Format identifier in the manifest.</summary>
    public const string FormatName = "ser-model";

    /// <summary>Format version this library writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>Oldest format version this library reads.</summary>
    public const int OldestReadableVersion = 1;

    internal ModelOperations() { }

    /// <summary>A thread-safe prediction engine over a fitted pipeline that ends in a trained model.</summary>
    public PredictionEngine CreatePredictionEngine(TransformerChain model) => new(model);

    /// <summary>Saves a fitted pipeline.</summary>
    /// <param name="model">The fitted chain; every stage must be a <see cref="RowMappingTransformer"/> or otherwise registered.</param>
    /// <param name="path">Destination (replaced atomically).</param>
    public void Save(TransformerChain model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        IO.AtomicFile.Write(path, s => Save(model, s));
    }

    /// <summary>Saves a fitted pipeline to a stream.</summary>
    /// <param name="model">The fitted chain.</param>
    /// <param name="stream">Destination stream.</param>
    public void Save(TransformerChain model, Stream stream)
    {
        var stages = new JsonArray();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < model.Stages.Count; i++)
            {
                if (model.Stages[i] is not RowMappingTransformer stage)
                    throw new NotSupportedException($"Stage '{model.Stages[i].Name}' cannot be saved: it does not derive from RowMappingTransformer.");
                string entry = $"stages/{i:D2}-{stage.Kind}.json";
                var bytes = Encoding.UTF8.GetBytes(stage.SaveSettings().ToJsonString(StageJson.Options));
                Write(zip, entry, bytes);
                var files = new JsonArray();
                foreach (var (fileName, content) in stage.SaveFiles().OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    string fileEntry = $"stages/{i:D2}-{stage.Kind}/{fileName}";
                    Write(zip, fileEntry, content);
                    files.Add(new JsonObject { ["name"] = fileName, ["entry"] = fileEntry, ["sha256"] = Convert.ToHexString(SHA256.HashData(content)) });
                }
                var record = new JsonObject
                {
                    ["index"] = i, ["kind"] = stage.Kind, ["name"] = stage.Name, ["entry"] = entry,
                    ["sha256"] = Convert.ToHexString(SHA256.HashData(bytes)),
                };
                if (files.Count > 0) record["files"] = files;
                stages.Add(record);
            }
            var manifest = new JsonObject
            {
                ["format"] = FormatName,
                ["formatVersion"] = FormatVersion,
                ["minReaderVersion"] = OldestReadableVersion,
                ["library"] = "Ser.Core " + (typeof(ModelOperations).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"),
                ["stages"] = stages,
            };
            Write(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString(StageJson.Options)));
        }
    }

    /// <summary>Loads a pipeline saved by <see cref="Save(TransformerChain, string)"/>.</summary>
    /// <param name="path">Model file.</param>
    /// <exception cref="ModelFormatException">The file is corrupt, from a newer format, or not a model.</exception>
    public TransformerChain Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var fs = File.OpenRead(path);
            return Load(fs, path);
        }
        catch (ModelFormatException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new ModelFormatException($"{path}: {e.Message}", e.InnerException);
        }
    }

    /// <summary>Loads a pipeline from a stream.</summary>
    /// <param name="stream">Model data.</param>
    /// <param name="name">Name for error messages.</param>
    public TransformerChain Load(Stream stream, string name = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var manifest = JsonNode.Parse(Read(zip, "manifest.json"))?.AsObject() ?? throw new ModelFormatException("empty manifest");
            if ((string?)manifest["format"] != FormatName) throw new ModelFormatException($"not a Ser.Core model (format '{manifest["format"]}')");
            int version = (int?)manifest["formatVersion"] ?? throw new ModelFormatException("manifest has no formatVersion");
            int minReader = (int?)manifest["minReaderVersion"] ?? version;
            if (minReader > FormatVersion)
                throw new ModelFormatException($"written by format version {version} (needs a reader of version ≥ {minReader}); this library reads versions {OldestReadableVersion}–{FormatVersion}: upgrade Ser.Core");
            if (version < OldestReadableVersion)
                throw new ModelFormatException($"format version {version} is older than the oldest this library reads ({OldestReadableVersion})");
            var stages = new List<ISerTransformer>();
            foreach (var node in manifest["stages"]?.AsArray() ?? throw new ModelFormatException("manifest has no stage list"))
            {
                var s = node!.AsObject();
                string entry = (string?)s["entry"] ?? throw new ModelFormatException("stage without entry");
                string kind = (string?)s["kind"] ?? throw new ModelFormatException($"stage {entry} has no kind");
                var bytes = Read(zip, entry);
                string actual = Convert.ToHexString(SHA256.HashData(bytes));
                if (!string.Equals(actual, (string?)s["sha256"], StringComparison.OrdinalIgnoreCase))
                    throw new ModelFormatException($"checksum mismatch in {entry}: the file is corrupt");
                var settings = JsonNode.Parse(bytes)?.AsObject() ?? throw new ModelFormatException($"{entry} is empty");
                var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var f in s["files"]?.AsArray() ?? new JsonArray())
                {
                    string fileEntry = (string?)f?["entry"] ?? throw new ModelFormatException($"a file of {entry} has no entry");
                    var content = Read(zip, fileEntry);
                    if (!string.Equals(Convert.ToHexString(SHA256.HashData(content)), (string?)f?["sha256"], StringComparison.OrdinalIgnoreCase))
                        throw new ModelFormatException($"checksum mismatch in {fileEntry}: the file is corrupt");
                    files[(string?)f?["name"] ?? throw new ModelFormatException($"{fileEntry} has no name")] = content;
                }
                stages.Add(StageRegistry.Create(kind, settings, files));
            }
            return new TransformerChain(stages);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or InvalidOperationException or ArgumentException or FormatException or EndOfStreamException)
        {
            throw new ModelFormatException($"{name}: corrupt model file ({e.Message})", e);
        }
        catch (ModelFormatException e) when (!e.Message.StartsWith(name, StringComparison.Ordinal))
        {
            throw new ModelFormatException($"{name}: {e.Message}", e.InnerException);
        }
    }

    private static void Write(ZipArchive zip, string entry, byte[] bytes)
    {
        using var s = zip.CreateEntry(entry, CompressionLevel.Optimal).Open();
        s.Write(bytes);
    }

    private static byte[] Read(ZipArchive zip, string entry)
    {
        var e = zip.GetEntry(entry) ?? throw new ModelFormatException($"missing entry '{entry}'");
        if (e.Length > 1536L * 1024 * 1024) throw new ModelFormatException($"entry '{entry}' is implausibly large ({e.Length} bytes)");
        using var s = e.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
