using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>
/// The model file of pipelines that mix stock ML.NET stages and Ser.Core's: a zip holding <c>manifest.json</c> (format
/// name and version, oldest reader version, library version, one record per stage with the SHA-256 of each entry), the
/// input schema (an empty ML.NET model saved with it), every stock stage saved by <c>mlContext.Model.Save</c> as its
/// own entry (with the schema it sees), and every Ser.Core stage as JSON settings plus binary files. Writes are atomic.
/// </summary>
internal static class SerModelFile
{
    public const string FormatName = "ser-model";
    public const int FormatVersion = 2;
    public const int OldestReadableVersion = 2;
    private const long MaxEntryBytes = 1536L * 1024 * 1024;
    private const string SchemaEntry = "input-schema.mlnet.zip";

    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        var stages = new JsonArray();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            string schemaHash = Write(zip, SchemaEntry, MLNetBytes(ml, new TransformerChain<ITransformer>(), inputSchema));
            DataViewSchema schema = inputSchema;
            int i = 0;
            foreach (ITransformer stage in Flatten(model))
            {
                var record = new JsonObject { ["index"] = i };
                if (stage is SerTransformer ser)
                {
                    var state = ser.SaveState();
                    string entry = $"stages/{i:D2}-{ser.Kind}.json";
                    record["kind"] = ser.Kind;
                    record["entry"] = entry;
                    record["sha256"] = Write(zip, entry, Encoding.UTF8.GetBytes(state.Settings.ToJsonString(StageJson.Options)));
                    var files = new JsonArray();
                    foreach (var (name, content) in state.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
                    {
                        string fileEntry = $"stages/{i:D2}-{ser.Kind}/{name}";
                        files.Add(new JsonObject { ["name"] = name, ["entry"] = fileEntry, ["sha256"] = Write(zip, fileEntry, content) });
                    }
                    if (files.Count > 0) record["files"] = files;
                }
                else
                {
                    string entry = $"stages/{i:D2}-mlnet.zip";
                    record["kind"] = "ML.NET";
                    record["type"] = stage.GetType().Name;
                    record["entry"] = entry;
                    record["sha256"] = Write(zip, entry, MLNetBytes(ml, stage, schema));
                }
                stages.Add(record);
                schema = stage.GetOutputSchema(schema);
                i++;
            }
            var manifest = new JsonObject
            {
                ["format"] = FormatName,
                ["formatVersion"] = FormatVersion,
                ["minReaderVersion"] = OldestReadableVersion,
                ["library"] = "Ser.Core " + (typeof(SerModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"),
                ["inputSchema"] = new JsonObject { ["entry"] = SchemaEntry, ["sha256"] = schemaHash },
                ["stages"] = stages,
            };
            Write(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString(StageJson.Options)));
        }
    }

    public static ITransformer Load(MLContext ml, Stream stream, string name, out DataViewSchema inputSchema)
    {
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
                throw new ModelFormatException($"format version {version} predates ML.NET pipelines (Ser.Core's own pipeline API); this library reads versions {OldestReadableVersion}–{FormatVersion}: retrain and save with mlContext.Model.SaveSer");
            var schemaRecord = manifest["inputSchema"]?.AsObject() ?? throw new ModelFormatException("manifest has no input schema");
            ml.Model.Load(new MemoryStream(Checked(zip, schemaRecord)), out inputSchema);
            var stages = new List<ITransformer>();
            foreach (var node in manifest["stages"]?.AsArray() ?? throw new ModelFormatException("manifest has no stage list"))
            {
                var s = node?.AsObject() ?? throw new ModelFormatException("empty stage record");
                string kind = (string?)s["kind"] ?? throw new ModelFormatException("a stage has no kind");
                byte[] bytes = Checked(zip, s);
                if (kind == "ML.NET")
                {
                    stages.Add(ml.Model.Load(new MemoryStream(bytes), out _));
                    continue;
                }
                var settings = JsonNode.Parse(bytes)?.AsObject() ?? throw new ModelFormatException($"the settings of stage {kind} are empty");
                var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var f in s["files"]?.AsArray() ?? [])
                {
                    var file = f?.AsObject() ?? throw new ModelFormatException($"an empty file record in stage {kind}");
                    files[(string?)file["name"] ?? throw new ModelFormatException($"a file of stage {kind} has no name")] = Checked(zip, file);
                }
                stages.Add(SerStageLoaders.Create(kind, new StageState(settings, files)));
            }
            var chain = new TransformerChain<ITransformer>([.. stages]);
            chain.GetOutputSchema(inputSchema);                      // every stage binds to what the one before it writes
            return chain;
        }
        catch (ModelFormatException e)
        {
            throw new ModelFormatException($"{name}: {e.Message}", e.InnerException);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or InvalidOperationException or ArgumentException or FormatException
            or EndOfStreamException or KeyNotFoundException or IOException or NotSupportedException or Torch.SafeTensorsException)
        {
            throw new ModelFormatException($"{name}: corrupt model file ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>The stages of <paramref name="model"/> in order, nested chains flattened.</summary>
    public static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain)
                foreach (var t in Flatten(inner)) yield return t;
        }
        else yield return model;
    }

    private static byte[] MLNetBytes(MLContext ml, ITransformer stage, DataViewSchema schema)
    {
        using var ms = new MemoryStream();
        ml.Model.Save(stage, schema, ms);
        return ms.ToArray();
    }

    private static string Write(ZipArchive zip, string entry, byte[] bytes)
    {
        using (var s = zip.CreateEntry(entry, CompressionLevel.Optimal).Open()) s.Write(bytes);
        return Convert.ToHexString(SHA256.HashData(bytes));
    }

    private static byte[] Checked(ZipArchive zip, JsonObject record)
    {
        string entry = (string?)record["entry"] ?? throw new ModelFormatException("a record has no entry");
        byte[] bytes = Read(zip, entry);
        if (!string.Equals(Convert.ToHexString(SHA256.HashData(bytes)), (string?)record["sha256"], StringComparison.OrdinalIgnoreCase))
            throw new ModelFormatException($"checksum mismatch in {entry}: the file is corrupt or was modified");
        return bytes;
    }

    private static byte[] Read(ZipArchive zip, string entry)
    {
        var e = zip.GetEntry(entry) ?? throw new ModelFormatException($"missing entry '{entry}'");
        if (e.Length > MaxEntryBytes) throw new ModelFormatException($"entry '{entry}' is implausibly large ({e.Length} bytes)");
        using var s = e.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
