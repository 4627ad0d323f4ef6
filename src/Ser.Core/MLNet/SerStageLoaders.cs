namespace Ser.Core.MLNet;

/// <summary>Maps the kind written in a model file to the code that rebuilds the Ser.Core stage.</summary>
internal static class SerStageLoaders
{
    private static readonly Dictionary<string, Func<StageState, SerTransformer>> Loaders = new(StringComparer.Ordinal)
    {
        ["LoadAudio"] = AudioLoadingTransform.Load,
        ["LogMel"] = LogMelTransform.Load,
        ["SegmentPatches"] = PatchSegmentationTransform.Load,
        ["Mfcc"] = MfccTransform.Load,
        ["AcousticFeatures"] = AcousticFeaturesTransform.Load,
        ["FusionEmotion"] = FusionEmotionModel.Load,
        ["YamNetEmbedding"] = YamNetEmbeddingTransform.Load,
        ["VGGishEmbedding"] = VGGishEmbeddingTransform.Load,
    };

    public static SerTransformer Create(string kind, StageState state) =>
        Loaders.TryGetValue(kind, out var loader) ? loader(state)
            : throw new ModelFormatException($"unknown Ser.Core stage kind '{kind}' (this version knows {string.Join(", ", Loaders.Keys)}): upgrade Ser.Core");
}
