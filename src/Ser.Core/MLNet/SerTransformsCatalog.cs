using Ser.Core.Explanations;
using Ser.Core.Features;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;

namespace Microsoft.ML;

/// <summary>Ser.Core's front-end stages on ML.NET's <see cref="TransformsCatalog"/>: <c>mlContext.Transforms.LoadAudio(...)</c>, <c>.LogMel(...)</c>, <c>.SegmentPatches(...)</c>.</summary>
public static class SerTransformsCatalog
{
    /// <summary>Reads the audio file named in <paramref name="inputColumnName"/> into samples and a <c>"SampleRate"</c> column.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column of samples (mono float32). Default <c>"Audio"</c>.</param>
    /// <param name="inputColumnName">Text column of file paths. Default <c>"Path"</c>.</param>
    /// <param name="sampleRate">Resample every clip to this rate (Hz); null keeps each file's rate.</param>
    public static SerTrivialEstimator<AudioLoadingTransform> LoadAudio(this TransformsCatalog catalog, string outputColumnName = "Audio", string inputColumnName = "Path", int? sampleRate = null)
        => LoadAudio(catalog, new AudioLoadingTransform.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, SampleRate = sampleRate });

    /// <summary>Reads audio files with every option (base folder, error handling, channel).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings.</param>
    public static SerTrivialEstimator<AudioLoadingTransform> LoadAudio(this TransformsCatalog catalog, AudioLoadingTransform.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new AudioLoadingTransform(options));
    }

    /// <summary>Log-mel spectrogram of an audio column (frames × bands, dimensions [0, bands]).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column written. Default <c>"LogMel"</c>.</param>
    /// <param name="inputColumnName">Column of samples, with its rates in <c>"SampleRate"</c>. Default <c>"Audio"</c>.</param>
    /// <param name="preset">The front-end, e.g. <see cref="LogMelOptions.Paper"/>, <see cref="LogMelOptions.YAMNet"/>; null = <see cref="LogMelOptions.VGGish"/>.</param>
    public static SerTrivialEstimator<LogMelTransform> LogMel(this TransformsCatalog catalog, string outputColumnName = "LogMel", string inputColumnName = "Audio", LogMelOptions? preset = null)
        => LogMel(catalog, new LogMelTransform.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Features = preset ?? LogMelOptions.VGGish });

    /// <summary>Log-mel spectrogram with every option.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings.</param>
    public static SerTrivialEstimator<LogMelTransform> LogMel(this TransformsCatalog catalog, LogMelTransform.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new LogMelTransform(options));
    }

    /// <summary>Overlapping fixed-size patches of a frames × features column, and their start times (<c>"PatchStarts"</c>, seconds).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column of patches. Default <c>"Patches"</c>.</param>
    /// <param name="inputColumnName">Frames × features column. Default <c>"LogMel"</c>.</param>
    /// <param name="frames">Frames per patch. Default 96.</param>
    /// <param name="hop">Frames between patch starts. Default 48.</param>
    /// <param name="lastPatch">What to do with the last partial patch. Default zero padding.</param>
    public static SerTrivialEstimator<PatchSegmentationTransform> SegmentPatches(this TransformsCatalog catalog, string outputColumnName = "Patches", string inputColumnName = "LogMel",
        int frames = 96, int hop = 48, PartialPatchPolicy lastPatch = PartialPatchPolicy.ZeroPad)
        => SegmentPatches(catalog, new PatchSegmentationTransform.Options
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName,
            Patches = new PatchOptions { Frames = frames, Hop = hop, LastPatch = lastPatch },
        });

    /// <summary>Patches with every option.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings.</param>
    public static SerTrivialEstimator<PatchSegmentationTransform> SegmentPatches(this TransformsCatalog catalog, PatchSegmentationTransform.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new PatchSegmentationTransform(options));
    }

    /// <summary>MFCCs of an audio column (frames × coefficients, dimensions [0, coefficients]).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column written. Default <c>"Mfcc"</c>.</param>
    /// <param name="inputColumnName">Column of samples, with its rates in <c>"SampleRate"</c>. Default <c>"Audio"</c>.</param>
    /// <param name="coefficients">Coefficients per frame. Default 40.</param>
    public static SerTrivialEstimator<MfccTransform> Mfcc(this TransformsCatalog catalog, string outputColumnName = "Mfcc", string inputColumnName = "Audio", int coefficients = 40)
        => Mfcc(catalog, new MfccTransform.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Features = new MfccOptions { Coefficients = coefficients } });

    /// <summary>MFCCs with every option.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings.</param>
    public static SerTrivialEstimator<MfccTransform> Mfcc(this TransformsCatalog catalog, MfccTransform.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new MfccTransform(options));
    }

    /// <summary>Clip-level acoustic and statistical features (a fixed-length vector with slot names) for stock trainers.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Column written. Default <c>"AcousticFeatures"</c>.</param>
    /// <param name="inputColumnName">Column of samples, with its rates in <c>"SampleRate"</c>. Default <c>"Audio"</c>.</param>
    public static SerTrivialEstimator<AcousticFeaturesTransform> AcousticFeatures(this TransformsCatalog catalog, string outputColumnName = "AcousticFeatures", string inputColumnName = "Audio")
        => AcousticFeatures(catalog, new AcousticFeaturesTransform.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>Acoustic features with every option.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The settings.</param>
    public static SerTrivialEstimator<AcousticFeaturesTransform> AcousticFeatures(this TransformsCatalog catalog, AcousticFeaturesTransform.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new AcousticFeaturesTransform(options));
    }

    /// <summary>Grad-CAM of each scored row: the map (<c>"GradCam"</c>), the explained label and the attended audio.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The fitted pipeline (with a trained emotion model) whose decisions are explained.</param>
    /// <param name="options">Grad-CAM settings; null = the network's default layer.</param>
    public static SerTrivialEstimator<GradCamExplainer> ExplainGradCam(this TransformsCatalog catalog, ITransformer model, GradCamOptions? options = null)
        => ExplainGradCam(catalog, model, new GradCamExplainer.Options { GradCam = options ?? new GradCamOptions() });

    /// <summary>Grad-CAM with every option.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The fitted pipeline whose decisions are explained.</param>
    /// <param name="options">The settings.</param>
    public static SerTrivialEstimator<GradCamExplainer> ExplainGradCam(this TransformsCatalog catalog, ITransformer model, GradCamExplainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new GradCamExplainer(model, options));
    }

    /// <summary>Occlusion sensitivity of each scored row: the map (<c>"Occlusion"</c>), the explained label and the attended audio.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The fitted pipeline whose decisions are explained.</param>
    /// <param name="options">Occlusion settings; null = the defaults.</param>
    public static SerTrivialEstimator<OcclusionExplainer> ExplainOcclusion(this TransformsCatalog catalog, ITransformer model, OcclusionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new OcclusionExplainer(model, new OcclusionExplainer.Options { Occlusion = options ?? new OcclusionOptions() }));
    }

    /// <summary>LIME of each scored row: the map (<c>"Lime"</c>), the explained label and the attended audio.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The fitted pipeline whose decisions are explained.</param>
    /// <param name="options">LIME settings; null = the defaults.</param>
    public static SerTrivialEstimator<LimeExplainer> ExplainLime(this TransformsCatalog catalog, ITransformer model, LimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(new LimeExplainer(model, new LimeExplainer.Options { Lime = options ?? new LimeOptions() }));
    }

    /// <summary>
    /// A frozen pretrained YAMNet's clip embedding (1024 values: the mean of the patch embeddings) from a patch column,
    /// for stock trainers. Feed it <c>LogMel</c> with the <see cref="LogMelOptions.YAMNet"/> preset.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="weightsPath">The pretrained weights (yamnet_folded_f32.safetensors).</param>
    /// <param name="outputColumnName">Column written. Default <c>"Embedding"</c>.</param>
    /// <param name="inputColumnName">Patch column. Default <c>"Patches"</c>.</param>
    public static SerTrivialEstimator<YamNetEmbeddingTransform> YamNetEmbedding(this TransformsCatalog catalog, string weightsPath,
        string outputColumnName = "Embedding", string inputColumnName = "Patches")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(YamNetEmbeddingTransform.FromPretrained(weightsPath,
            new YamNetEmbeddingTransform.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName }));
    }

    /// <summary>
    /// A frozen VGGish's clip embedding (128 values: the mean of the patch embeddings) from a patch column, for stock
    /// trainers, with weights you supply. Feed it <c>LogMel</c> with the <see cref="LogMelOptions.VGGish"/> preset.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="weightsPath">The weights (a safetensors file with <see cref="Ser.Core.Networks.VGGish"/>'s parameter names).</param>
    /// <param name="network">The network's shape; null = TensorFlow's VGGish (see <see cref="VGGishEmbeddingTransform.FromPretrained"/>).</param>
    /// <param name="outputColumnName">Column written. Default <c>"Embedding"</c>.</param>
    /// <param name="inputColumnName">Patch column. Default <c>"Patches"</c>.</param>
    public static SerTrivialEstimator<VGGishEmbeddingTransform> VGGishEmbedding(this TransformsCatalog catalog, string weightsPath,
        Ser.Core.Networks.VGGishOptions? network = null, string outputColumnName = "Embedding", string inputColumnName = "Patches")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(VGGishEmbeddingTransform.FromPretrained(weightsPath, network,
            new VGGishEmbeddingTransform.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName }));
    }
}
