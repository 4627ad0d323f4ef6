namespace Ser.Core.Training;

/// <summary>A labelled clip cut into patches (each 96 × 64 = 6144 values, row-major frames × bands).</summary>
/// <param name="ClipId">Identifier.</param>
/// <param name="Speaker">Speaker (validation holds out whole speakers).</param>
/// <param name="Label">Class index in the trainer's label set.</param>
/// <param name="Patches">The patches.</param>
/// <param name="Augmented">An augmented copy: trained on, never used for validation.</param>
public sealed record TrainingClip(string ClipId, string Speaker, int Label, IReadOnlyList<float[]> Patches, bool Augmented = false);

/// <summary>Progress of training, reported after every step and at the end of every epoch.</summary>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="Epochs">Epochs at most.</param>
/// <param name="Step">Step within the epoch (1-based).</param>
/// <param name="StepsPerEpoch">Steps per epoch.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="ValidationUA">Clip-level validation UA at the end of the epoch, else null.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">Estimated time to the last epoch.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, double? ValidationUA, TimeSpan Elapsed, TimeSpan Remaining);

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="ValidationUA">Clip-level validation UA, or null without validation.</param>
/// <param name="LearningRate">Rate used in the epoch.</param>
public sealed record EpochRecord(int Epoch, double Loss, double? ValidationUA, double LearningRate);
