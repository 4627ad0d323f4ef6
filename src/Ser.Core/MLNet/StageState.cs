using System.Text.Json.Nodes;

namespace Ser.Core.MLNet;

/// <summary>What a Ser.Core stage writes to a model file: its settings as JSON and binary files (e.g. weights) by name.</summary>
/// <param name="Settings">Settings, read back by the stage's loader.</param>
/// <param name="Files">Binary files; each is checksummed in the model file.</param>
internal sealed record StageState(JsonObject Settings, IReadOnlyDictionary<string, byte[]> Files)
{
    public StageState(JsonObject settings) : this(settings, new Dictionary<string, byte[]>()) { }
}
