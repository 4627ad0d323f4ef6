using System.Text.Json.Nodes;

namespace Ser.Core.Pipeline;

/// <summary>Maps the <c>kind</c> written in a model file to the code that rebuilds the stage.</summary>
public static class StageRegistry
{
    private static readonly Dictionary<string, Func<JsonObject, ISerTransformer>> Loaders = new(StringComparer.Ordinal)
    {
        ["LogMel"] = LogMelStage.Load,
        ["Segment"] = SegmentStage.Load,
        ["SelectGaussian"] = SelectGaussianStage.Load,
    };

    /// <summary>Registers a loader for a stage kind (for stages defined outside Ser.Core).</summary>
    /// <param name="kind">The kind string the stage writes.</param>
    /// <param name="loader">Rebuilds the stage from its saved settings.</param>
    public static void Register(string kind, Func<JsonObject, ISerTransformer> loader)
    {
        lock (Loaders) Loaders[kind] = loader;
    }

    internal static ISerTransformer Create(string kind, JsonObject settings)
    {
        Func<JsonObject, ISerTransformer>? loader;
        lock (Loaders) Loaders.TryGetValue(kind, out loader);
        if (loader is null) throw new ModelFormatException($"unknown stage kind '{kind}' (known: {string.Join(", ", Loaders.Keys)})");
        return loader(settings);
    }
}
