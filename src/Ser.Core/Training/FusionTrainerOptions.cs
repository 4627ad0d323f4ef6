namespace Ser.Core.Training;

/// <summary>Which network <see cref="EmotionNetworkTrainer"/> trains.</summary>
public enum Architecture
{
    /// <summary>VGGish and YAMNet joined by <see cref="Networks.LateFusion"/> (the paper).</summary>
    Fusion,
    /// <summary>VGGish with a linear head on its 128-d embedding.</summary>
    VGGishOnly,
    /// <summary>YAMNet with its classifier sized to the label set.</summary>
    YamNetOnly,
}

/// <summary>Optimisers.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (the paper's).</summary>
    Adam,
    /// <summary>AdamW (decoupled weight decay).</summary>
    AdamW,
    /// <summary>SGD with momentum 0.9.</summary>
    Sgd,
}

/// <summary>Learning-rate schedules, stepped once per epoch.</summary>
public enum ScheduleKind
{
    /// <summary>Constant rate.</summary>
    Constant,
    /// <summary>×0.1 every third of the epochs.</summary>
    Step,
    /// <summary>Cosine annealing to 0 over the epochs.</summary>
    Cosine,
    /// <summary>×0.5 when validation UA has not improved for 2 epochs.</summary>
    ReduceOnPlateau,
}

/// <summary>Losses.</summary>
public enum LossKind
{
    /// <summary>Cross-entropy (class weights, label smoothing).</summary>
    CrossEntropy,
    /// <summary>Focal loss (α = class weights, γ = <see cref="FusionTrainerOptions.FocalGamma"/>).</summary>
    Focal,
}

/// <summary>
/// Options of <see cref="EmotionNetworkTrainer"/>. Defaults are a fast CPU configuration; <see cref="Paper"/>
/// is the founding paper's (Adam, learning rate 0.01, 20 epochs, batch 128, full widths).
/// </summary>
public sealed record FusionTrainerOptions
{
    /// <summary>The paper's settings.</summary>
    public static FusionTrainerOptions Paper => new()
    {
        Architecture = Architecture.Fusion, VGGishWidth = 1, YamNetWidth = 1, Optimizer = OptimizerKind.Adam,
        LearningRate = 0.01, Epochs = 20, BatchSize = 128,
    };

    /// <summary>Network. Default <see cref="Architecture.Fusion"/>.</summary>
    public Architecture Architecture { get; init; } = Architecture.Fusion;
    /// <summary>VGGish width multiplier. Default 0.25.</summary>
    public double VGGishWidth { get; init; } = 0.25;
    /// <summary>YAMNet width multiplier (1 with a pretrained YAMNet). Default 0.25.</summary>
    public double YamNetWidth { get; init; } = 0.25;
    /// <summary>Pretrained YAMNet safetensors file (sets YAMNet's width to 1 and folded batch norm), or null.</summary>
    public string? PretrainedYamNet { get; init; }
    /// <summary>Keep the pretrained YAMNet frozen. Default true.</summary>
    public bool FreezeYamNet { get; init; } = true;
    /// <summary>
    /// With a frozen pretrained YAMNet, compute its output once per training and validation patch and reuse it every
    /// epoch instead of running YAMNet at every step (<see cref="Networks.IFrozenFeatureNetwork"/>). Costs 24 KiB of
    /// memory per patch (1024 × 3 × 2 floats); the result equals running YAMNet at every step up to float round-off.
    /// Default true.
    /// </summary>
    public bool CacheFrozenFeatures { get; init; } = true;
    /// <summary>Optimiser. Default Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    /// <summary>Initial learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Weight decay (L2 for Adam and SGD, decoupled for AdamW). Default 0.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Schedule. Default constant.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;
    /// <summary>Epochs at most. Default 10.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Patches per batch. Default 32.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>
    /// Shuffle each epoch within windows of this many patches, visiting blocks of 256 stored patches in random order
    /// (a shuffle buffer), instead of shuffling the whole epoch; null shuffles the whole epoch. With patches in a
    /// temporary file (<c>FusionEmotionTrainer.Options.PatchMemoryBudgetBytes</c>) larger than the page cache, a window
    /// reads the file in 6 MiB runs instead of at random. Default null.
    /// </summary>
    public int? ShuffleWindowPatches { get; init; }
    /// <summary>Weight classes by inverse frequency in the training patches. Default true.</summary>
    public bool BalanceClasses { get; init; } = true;
    /// <summary>Loss. Default cross-entropy.</summary>
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;
    /// <summary>γ of the focal loss. Default 2.</summary>
    public double FocalGamma { get; init; } = 2;
    /// <summary>Label smoothing of the cross-entropy. Default 0.</summary>
    public double LabelSmoothing { get; init; }
    /// <summary>Fraction of the training speakers held out for validation (whole speakers). 0 disables validation and early stopping. Default 0.15.</summary>
    public double ValidationFraction { get; init; } = 0.15;
    /// <summary>Stop when validation UA has not improved for this many epochs (0: never). Default 4.</summary>
    public int EarlyStoppingPatience { get; init; } = 4;
    /// <summary>Folder for the per-epoch checkpoint (resumed when present), or null. Default null.</summary>
    public string? CheckpointDirectory { get; init; }
    /// <summary>Seed of initialisation, shuffling, dropout and the validation split. Default 0.</summary>
    public int Seed { get; init; }
    /// <summary>libtorch threads (null: leave as is). Default null.</summary>
    public int? Threads { get; init; }
    /// <summary>
    /// Device to train on: "cpu", "cuda" or "cuda:N" (<see cref="Torch.TorchRuntime.Parse"/>); use "cuda" when
    /// <see cref="Torch.TorchRuntime.IsCudaAvailable"/>. Not saved with a model: a loaded model starts on the CPU.
    /// Default "cpu".
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Device { get; init; } = "cpu";

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var e = new List<string>();
        if (!(LearningRate > 0)) e.Add($"LearningRate {LearningRate} must be > 0");
        if (WeightDecay < 0) e.Add($"WeightDecay {WeightDecay} must be ≥ 0");
        if (Epochs < 1) e.Add($"Epochs {Epochs} must be ≥ 1");
        if (BatchSize < 1) e.Add($"BatchSize {BatchSize} must be ≥ 1");
        if (ShuffleWindowPatches is < 1) e.Add($"ShuffleWindowPatches {ShuffleWindowPatches} must be ≥ 1");
        if (FocalGamma < 0) e.Add($"FocalGamma {FocalGamma} must be ≥ 0");
        if (LabelSmoothing is < 0 or >= 1) e.Add($"LabelSmoothing {LabelSmoothing} must be in [0, 1)");
        if (ValidationFraction is < 0 or >= 1) e.Add($"ValidationFraction {ValidationFraction} must be in [0, 1)");
        if (EarlyStoppingPatience < 0) e.Add($"EarlyStoppingPatience {EarlyStoppingPatience} must be ≥ 0");
        if (PretrainedYamNet is not null && Architecture == Architecture.VGGishOnly) e.Add("PretrainedYamNet needs a YAMNet branch");
        if (Threads is < 1) e.Add($"Threads {Threads} must be ≥ 1");
        if (string.IsNullOrWhiteSpace(Device) || !(Device.Equals("cpu", StringComparison.OrdinalIgnoreCase) || Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase)))
        {
            e.Add($"Device '{Device}' must be cpu, cuda or cuda:N");
        }
        if (e.Count > 0) throw new ArgumentException("invalid FusionTrainerOptions: " + string.Join("; ", e));
    }
}
