using Ser.Core.Data;
using Ser.Core.Segmentation;
using Ser.Core.Training;

namespace Ser.Core.Pipeline;

/// <summary>
/// The pipeline estimator of the founding paper's network (<c>ser.Trainers.Fusion(...)</c>): collects
/// every training row's <see cref="Columns.Patches"/>, <see cref="Columns.Label"/> and
/// <see cref="Columns.Speaker"/> (the clip id when absent), trains with <see cref="EmotionNetworkTrainer"/>
/// and returns a <see cref="FusionEmotionModel"/>. Rows whose label is not in the label set (nor
/// merged into it) are skipped; unknown label strings raise <see cref="UnknownLabelException"/>.
/// </summary>
public sealed class FusionEmotionTrainer : ISerEstimator
{
    /// <summary>Creates the estimator.</summary>
    public FusionEmotionTrainer(FusionTrainerOptions options, LabelSet labels, IProgress<TrainingProgress>? trainingProgress = null,
        TrainingAugmentation? augmentation = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Labels = labels ?? throw new ArgumentNullException(nameof(labels));
        Options.Validate();
        TrainingProgress = trainingProgress;
        if (augmentation is not null) ArgumentOutOfRangeException.ThrowIfLessThan(augmentation.Copies, 1);
        Augmentation = augmentation;
    }

    /// <summary>Augmented copies of the training clips, or null.</summary>
    public TrainingAugmentation? Augmentation { get; }

    /// <summary>Training options.</summary>
    public FusionTrainerOptions Options { get; }

    /// <summary>The classes.</summary>
    public LabelSet Labels { get; }

    /// <summary>Receives per-step and per-epoch progress (epoch, step, loss, validation UA, ETA), or null.</summary>
    public IProgress<TrainingProgress>? TrainingProgress { get; }

    /// <summary>Result of the last <see cref="Fit"/>: history and validation scores.</summary>
    public TrainingResult? LastResult { get; private set; }

    /// <inheritdoc />
    public string Name => "FusionTrainer";

    /// <inheritdoc />
    public IReadOnlyList<Column> Inputs { get; } = [new(Columns.Patches, typeof(IReadOnlyList<Patch>)), new(Columns.Label, typeof(string))];

    /// <inheritdoc />
    public IReadOnlyList<Column> Outputs { get; } = [new(Columns.Prediction, typeof(EmotionPrediction))];

    /// <inheritdoc />
    public ISerTransformer Fit(IEnumerable<SerRow> rows, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var clips = new List<TrainingClip>();
        foreach (SerRow row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string label = row.Get<string>(Columns.Label);
            if (!Labels.TryIndexOf(Emotions.Parse(label), out int index)) continue;
            string id = row.Has(Columns.ClipId) ? row.Get<string>(Columns.ClipId) : $"clip{clips.Count}";
            string speaker = row.Has(Columns.Speaker) ? row.Get<string>(Columns.Speaker) : id;
            var patches = row.Get<IReadOnlyList<Patch>>(Columns.Patches);
            if (patches.Count == 0) continue;
            clips.Add(new TrainingClip(id, speaker, index, patches.Select(p => p.Data).ToArray()));
            if (Augmentation is not null && row.Has(Columns.Audio)) AddCopies(clips, row.Get<Audio.AudioClip>(Columns.Audio), id, speaker, index);
        }
        if (clips.Count == 0) throw new ArgumentException("no training rows with a label in the label set and at least one patch");
        var relay = new Relay(progress, TrainingProgress);
        var result = new EmotionNetworkTrainer(Options, Labels).Train(clips, relay, cancellationToken);
        LastResult = result;
        return new FusionEmotionModel(result.Network, Options, Labels);
    }

    private void AddCopies(List<TrainingClip> clips, Audio.AudioClip audio, string id, string speaker, int label)
    {
        var logMel = new Features.LogMel(Augmentation!.LogMel);
        var segmenter = new PatchSegmenter(Augmentation.Patches);
        long stream = (long)(uint)StableHash(id) << 8;
        for (int c = 1; c <= Augmentation.Copies; c++)
        {
            var (clip, _) = Augmentation.Augmenter.Apply(audio, stream + c);
            var patches = segmenter.Segment(logMel.Compute(clip), id);
            if (patches.Count > 0) clips.Add(new TrainingClip($"{id}#aug{c}", speaker, label, patches.Select(p => p.Data).ToArray(), Augmented: true));
        }
    }

    /// <summary>FNV-1a of the clip id: the same id gets the same augmentations in every process.</summary>
    private static int StableHash(string s)
    {
        uint h = 2166136261;
        foreach (char ch in s) h = (h ^ ch) * 16777619;
        return (int)h;
    }

    private sealed class Relay(IProgress<PipelineProgress>? pipeline, IProgress<TrainingProgress>? training) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            training?.Report(value);
            if (pipeline is not null && value.Step == value.StepsPerEpoch)
            {
                pipeline.Report(new PipelineProgress("FusionTrainer", 0, 1, FormattableString.Invariant(
                    $"epoch {value.Epoch}/{value.Epochs}: loss {value.Loss:F4}{(value.ValidationUA is double u ? $", validation UA {u:F3}" : "")}, ETA {value.Remaining:mm\\:ss}")));
            }
        }
    }
}

/// <summary>Creates trainers: <c>ser.Trainers.Fusion(...)</c>.</summary>
public sealed class TrainersCatalog
{
    internal TrainersCatalog(SerContext context) => Context = context;

    /// <summary>The owning context.</summary>
    public SerContext Context { get; }

    /// <summary>
    /// The VGGish + YAMNet late-fusion trainer (or a single branch, see <see cref="FusionTrainerOptions.Architecture"/>).
    /// The context's seed is used when <paramref name="options"/> is null.
    /// </summary>
    public FusionEmotionTrainer Fusion(LabelSet labels, FusionTrainerOptions? options = null, IProgress<TrainingProgress>? progress = null,
        TrainingAugmentation? augmentation = null) =>
        new(options ?? new FusionTrainerOptions { Seed = Context.Seed ?? 0 }, labels, progress, augmentation);
}
