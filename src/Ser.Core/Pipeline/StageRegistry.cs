using System.Text.Json.Nodes;

namespace Ser.Core.Pipeline;

/// <summary>Maps the <c>kind</c> written in a model file to the code that rebuilds the stage.</summary>
public static class StageRegistry
{
    private static readonly Dictionary<string, Func<JsonObject, IReadOnlyDictionary<string, byte[]>, ISerTransformer>> Loaders = new(StringComparer.Ordinal)
    {
        ["LogMel"] = (s, _) => LogMelStage.Load(s),
        ["Segment"] = (s, _) => SegmentStage.Load(s),
        ["SelectGaussian"] = (s, _) => SelectGaussianStage.Load(s),
        ["FusionEmotionModel"] = FusionEmotionModel.Load,
    };

    /// <summary>Registers a loader for a stage kind (for stages defined outside Ser.Core).</summary>
    /// <param name="kind">The kind string the stage writes.</param>
    /// <param name="loader">Rebuilds the stage from its saved settings.</param>
    public static void Register(string kind, Func<JsonObject, ISerTransformer> loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        lock (Loaders) Loaders[kind] = (s, _) => loader(s);
    }

    /// <summary>Registers a loader for a stage kind that also saves binary files (<see cref="RowMappingTransformer.SaveFiles"/>).</summary>
    /// <param name="kind">The kind string the stage writes.</param>
    /// <param name="loader">Rebuilds the stage from its settings and files.</param>
    public static void Register(string kind, Func<JsonObject, IReadOnlyDictionary<string, byte[]>, ISerTransformer> loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        lock (Loaders) Loaders[kind] = loader;
    }

    internal static ISerTransformer Create(string kind, JsonObject settings, IReadOnlyDictionary<string, byte[]> files)
    {
        Func<JsonObject, IReadOnlyDictionary<string, byte[]>, ISerTransformer>? loader;
        lock (Loaders) Loaders.TryGetValue(kind, out loader);
        if (loader is null) throw new ModelFormatException($"unknown stage kind '{kind}' (known: {string.Join(", ", Loaders.Keys)})");
        return loader(settings, files);
    }
}
