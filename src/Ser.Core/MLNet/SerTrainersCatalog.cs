using Ser.Core.MLNet;
using Ser.Core.Training;

namespace Microsoft.ML;

/// <summary>
/// Ser.Core's emotion networks on ML.NET's multiclass trainers catalog:
/// <c>mlContext.MulticlassClassification.Trainers.FusionEmotion(...)</c>, <c>.VGGishEmotion(...)</c>, <c>.YamNetEmotion(...)</c>.
/// </summary>
public static class SerTrainersCatalog
{
    /// <summary>The founding paper's VGGish + YAMNet late fusion, trained on a Key label and a patch column.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key label column. Default <c>"Label"</c>.</param>
    /// <param name="featureColumnName">Patch column (<c>SegmentPatches</c>). Default <c>"Patches"</c>.</param>
    /// <param name="training">Network and training settings; null = the defaults (fusion, widths 0.25, Adam 1e-3).</param>
    public static FusionEmotionTrainer FusionEmotion(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Patches", FusionTrainerOptions? training = null)
        => FusionEmotion(catalog, new FusionEmotionTrainer.Options
        {
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Training = training ?? new FusionTrainerOptions(),
        });

    /// <summary>The emotion network with every option (data selection, augmentation, progress, cancellation, column names).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The settings.</param>
    public static FusionEmotionTrainer FusionEmotion(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, FusionEmotionTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new FusionEmotionTrainer(options, MLNetLog.EnvironmentOf(catalog));
    }

    /// <summary>VGGish alone with a linear head (<see cref="Architecture.VGGishOnly"/>).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key label column. Default <c>"Label"</c>.</param>
    /// <param name="featureColumnName">Patch column. Default <c>"Patches"</c>.</param>
    /// <param name="training">Training settings (their architecture is replaced); null = the defaults.</param>
    public static FusionEmotionTrainer VGGishEmotion(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Patches", FusionTrainerOptions? training = null)
        => FusionEmotion(catalog, labelColumnName, featureColumnName, (training ?? new FusionTrainerOptions()) with { Architecture = Architecture.VGGishOnly });

    /// <summary>YAMNet alone, its classifier sized to the labels (<see cref="Architecture.YamNetOnly"/>); pretrained with <see cref="FusionTrainerOptions.PretrainedYamNet"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">Key label column. Default <c>"Label"</c>.</param>
    /// <param name="featureColumnName">Patch column. Default <c>"Patches"</c>.</param>
    /// <param name="training">Training settings (their architecture is replaced); null = the defaults.</param>
    public static FusionEmotionTrainer YamNetEmotion(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Patches", FusionTrainerOptions? training = null)
        => FusionEmotion(catalog, labelColumnName, featureColumnName, (training ?? new FusionTrainerOptions()) with { Architecture = Architecture.YamNetOnly });
}
