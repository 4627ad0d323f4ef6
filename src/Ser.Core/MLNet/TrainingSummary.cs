using Ser.Core.Training;

namespace Ser.Core.MLNet;

/// <summary>How a <see cref="FusionEmotionModel"/> was trained (kept in memory; model files do not carry it).</summary>
public sealed class TrainingSummary
{
    internal TrainingSummary(TrainingResult result)
    {
        History = result.History;
        BestValidationUA = result.BestValidationUA;
        BestEpoch = result.BestEpoch;
        StoppedEarly = result.StoppedEarly;
        TrainingClips = result.TrainingClips;
        ValidationClips = result.ValidationClips;
        TrainingPatches = result.TrainingPatches;
        StepTime = result.StepTime;
        ValidationTime = result.ValidationTime;
        FrozenFeatureTime = result.FrozenFeatureTime;
    }

    /// <summary>Loss, validation UA and learning rate per epoch.</summary>
    public IReadOnlyList<EpochRecord> History { get; }
    /// <summary>Best clip-level validation UA, or null without validation.</summary>
    public double? BestValidationUA { get; }
    /// <summary>The epoch whose weights were kept.</summary>
    public int BestEpoch { get; }
    /// <summary>True when early stopping ended training.</summary>
    public bool StoppedEarly { get; }
    /// <summary>Clips trained on (augmented copies included).</summary>
    public int TrainingClips { get; }
    /// <summary>Clips held out for validation.</summary>
    public int ValidationClips { get; }
    /// <summary>Patches trained on.</summary>
    public int TrainingPatches { get; }
    /// <summary>Time in training steps (forward, backward, optimiser).</summary>
    public TimeSpan StepTime { get; }
    /// <summary>Time scoring the validation clips.</summary>
    public TimeSpan ValidationTime { get; }
    /// <summary>Time computing the frozen pretrained YAMNet's features once.</summary>
    public TimeSpan FrozenFeatureTime { get; }
}
