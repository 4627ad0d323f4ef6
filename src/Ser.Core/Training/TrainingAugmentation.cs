using Ser.Core.Augmentation;
using Ser.Core.Features;
using Ser.Core.Segmentation;

namespace Ser.Core.Training;

/// <summary>
/// Augmented copies of the training clips for <see cref="MLNet.FusionEmotionTrainer"/>: each
/// training row's audio goes through <see cref="Augmenter"/> <see cref="Copies"/> times (deterministic
/// per row and copy), then through the same front-end (<see cref="LogMel"/>, <see cref="Patches"/>)
/// as the pipeline, and the patches are added to the training data. Copies of validation speakers
/// are not used; Gaussian selection is not applied to copies.
/// </summary>
/// <param name="Augmenter">The random composition (its seed fixes the copies).</param>
/// <param name="Copies">Augmented copies per clip (≥ 1).</param>
/// <param name="LogMel">The pipeline's log-mel settings.</param>
/// <param name="Patches">The pipeline's patch settings.</param>
public sealed record TrainingAugmentation(RandomAugmenter Augmenter, int Copies, LogMelOptions LogMel, PatchOptions Patches);
