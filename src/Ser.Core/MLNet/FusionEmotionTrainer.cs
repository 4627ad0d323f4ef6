using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Ser.Core.Data;
using Ser.Core.Features;
using Ser.Core.Segmentation;
using Ser.Core.Selection;
using Ser.Core.Torch;
using Ser.Core.Training;

namespace Ser.Core.MLNet;

/// <summary>
/// The founding paper's emotion network as an ML.NET multiclass trainer
/// (<c>mlContext.MulticlassClassification.Trainers.FusionEmotion(...)</c>): VGGish and YAMNet joined by late fusion,
/// or one branch alone (<see cref="FusionTrainerOptions.Architecture"/>). It reads a Key label (from
/// <c>MapValueToKey</c>; the key values must name emotions) and a patch column (<c>SegmentPatches</c>), optionally applies
/// Gaussian data selection to the training clips (the paper applies it to training data only), trains with
/// <see cref="EmotionNetworkTrainer"/>, and returns a <see cref="FusionEmotionModel"/> that writes <c>Score</c> (clip
/// probabilities, with slot names) and <c>PredictedLabel</c> (a Key with the label's key values), as stock ML.NET's
/// evaluators, <c>MapKeyToValue</c> and prediction engines expect. Rows with a missing label are skipped.
/// </summary>
public sealed class FusionEmotionTrainer : IEstimator<FusionEmotionModel>
{
    /// <summary>Settings of <see cref="FusionEmotionTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>Key column of labels. Default <c>"Label"</c>.</summary>
        public string LabelColumnName { get; init; } = "Label";
        /// <summary>Patch column (dimensions [0, 96, 64]). Default <c>"Patches"</c>.</summary>
        public string FeatureColumnName { get; init; } = "Patches";
        /// <summary>
        /// Text (or Key) column of speakers: validation holds out whole speakers. Null, or a column the data lacks,
        /// holds out whole clips instead. Default <c>"Speaker"</c>.
        /// </summary>
        public string? SpeakerColumnName { get; init; } = "Speaker";
        /// <summary>Column of clip probabilities written. Default <c>"Score"</c>.</summary>
        public string ScoreColumnName { get; init; } = "Score";
        /// <summary>Key column of predicted labels written. Default <c>"PredictedLabel"</c>.</summary>
        public string PredictedLabelColumnName { get; init; } = "PredictedLabel";
        /// <summary>The network and its training (architecture, widths, optimiser, epochs, …). Default: <see cref="FusionTrainerOptions"/>' defaults.</summary>
        public FusionTrainerOptions Training { get; init; } = new();
        /// <summary>Gaussian data selection of the training clips' patches (the paper's: threshold 0.1); null = none. Default null.</summary>
        public GaussianSelectionOptions? DataSelection { get; init; }
        /// <summary>
        /// Augmented copies of the training clips (read from <see cref="AudioColumnName"/> and <see cref="SampleRateColumnName"/>);
        /// null = none. Default null.
        /// </summary>
        [JsonIgnore] public TrainingAugmentation? Augmentation { get; init; }
        /// <summary>Column of samples read for augmentation. Default <c>"Audio"</c>.</summary>
        public string AudioColumnName { get; init; } = "Audio";
        /// <summary>Column of sample rates read for augmentation. Default <c>"SampleRate"</c>.</summary>
        public string SampleRateColumnName { get; init; } = "SampleRate";
        /// <summary>
        /// Bound on the managed memory that training patches may take (bytes; 24 KiB per patch). Once the patches read so
        /// far would exceed it, they move to a temporary memory-mapped file (<see cref="TemporaryFolder"/>) and every batch
        /// reads its patches from there, so a corpus whose patches exceed memory trains in bounded memory (the OS page
        /// cache holds what fits; for a file larger than the cache, set <see cref="FusionTrainerOptions.ShuffleWindowPatches"/>
        /// so that batches read it in long runs). Null keeps every patch in memory. Default null.
        /// </summary>
        public long? PatchMemoryBudgetBytes { get; init; }
        /// <summary>Folder of that temporary file; null = the system's temporary folder. Default null.</summary>
        public string? TemporaryFolder { get; init; }
        /// <summary>Receives per-step and per-epoch progress, or null. Epochs are also written to ML.NET's log.</summary>
        [JsonIgnore] public IProgress<TrainingProgress>? Progress { get; init; }
        /// <summary>Stops training with <see cref="OperationCanceledException"/> (checkpoints stay). Default none.</summary>
        [JsonIgnore] public CancellationToken CancellationToken { get; init; }
    }

    private const string Name = "FusionEmotion";
    private readonly IHostEnvironment? _environment;

    internal FusionEmotionTrainer(Options options, IHostEnvironment? environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Training);
        options.Training.Validate();
        options.DataSelection?.Validate();
        if (options.Augmentation is { Copies: < 1 }) throw new ArgumentOutOfRangeException(nameof(options), "Augmentation.Copies must be at least 1");
        if (options.PatchMemoryBudgetBytes is < 0) throw new ArgumentOutOfRangeException(nameof(options), "PatchMemoryBudgetBytes must not be negative");
        Settings = options;
        _environment = environment;
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <summary>What Gaussian data selection kept in the last <see cref="Fit"/> (patches kept and dropped per clip), or null without selection.</summary>
    public SelectionReport? LastSelection { get; private set; }

    /// <summary>How many training patches the last <see cref="Fit"/> kept in a temporary file (0 when all fitted in <see cref="Options.PatchMemoryBudgetBytes"/>).</summary>
    public int LastStoredPatches { get; private set; }

    /// <summary>Trains on <paramref name="input"/>.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or has another type.</exception>
    /// <exception cref="UnknownLabelException">A key value of the label column is not an emotion.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    public FusionEmotionModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = Bind(input.Schema);
        using IChannel? log = MLNetLog.Open(_environment, Name);
        using var spill = new Spill(Settings.PatchMemoryBudgetBytes, Settings.TemporaryFolder);
        var clips = ReadClips(input, columns, spill);
        LastStoredPatches = spill.Stored;
        log?.Info(MessageSensitivity.None, $"{Name}: {clips.Count} training clips, {clips.Sum(c => c.Patches.Count)} patches, classes {columns.Labels}"
            + (LastSelection is { } s ? $"; Gaussian data selection dropped {s.Dropped} of {s.Total} patches" : ""));
        var relay = new Relay(Settings.Progress, log);
        var result = new EmotionNetworkTrainer(Settings.Training, columns.Labels).Train(clips, relay, Settings.CancellationToken);
        return new FusionEmotionModel(result.Network, Settings.Training, columns.Labels, columns.KeyValues, Settings.FeatureColumnName,
            Settings.ScoreColumnName, Settings.PredictedLabelColumnName, new TrainingSummary(result));
    }

    /// <summary>The shape of the scored data: the input plus Score and PredictedLabel.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or has another type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShapes.Require(inputSchema, Name, Settings.LabelColumnName, "a Key label column (MapValueToKey)", c => c.IsKey);
        SchemaShapes.Require(inputSchema, Name, Settings.FeatureColumnName, "Vector<Single> of 96 × 64 patches (SegmentPatches)",
            c => c.Kind != SchemaShape.Column.VectorKind.Scalar && c.ItemType == NumberDataViewType.Single);
        // The class count is known from the data at Fit; a shape only needs the kinds.
        return SchemaShapes.Append(inputSchema, FusionEmotionModel.OutputColumns(Settings.ScoreColumnName, Settings.PredictedLabelColumnName, ["?"]));
    }

    private sealed record Bound(DataViewSchema.Column Label, DataViewSchema.Column Patches, DataViewSchema.Column? Speaker,
        DataViewSchema.Column? Audio, DataViewSchema.Column? Rate, LabelSet Labels, string[] KeyValues);

    private Bound Bind(DataViewSchema schema)
    {
        var label = SchemaColumns.Require(schema, Name, Settings.LabelColumnName,
            "a Key<UInt32> label column (apply mlContext.Transforms.Conversion.MapValueToKey first)", SchemaColumns.IsKey);
        var keyValues = SchemaColumns.KeyValueTexts(label)
            ?? throw new SchemaMismatchException(Name, label.Name, "has no text key values: build it with MapValueToKey from text labels");
        ulong keys = ((KeyDataViewType)label.Type).Count;
        if ((ulong)keyValues.Length != keys) throw new SchemaMismatchException(Name, label.Name, $"has {keyValues.Length} key values for {keys} keys");
        var classes = new Emotion[keyValues.Length];
        for (int i = 0; i < classes.Length; i++) classes[i] = Emotions.Parse(keyValues[i]);
        var patches = SchemaColumns.Require(schema, Name, Settings.FeatureColumnName, "Vector<Single, 0, 96, 64> of patches (SegmentPatches)", ColumnTypes.IsSingleVector);
        FusionEmotionModel.CheckPatchColumn(Name, patches);
        DataViewSchema.Column? speaker = Settings.SpeakerColumnName is string s ? schema.GetColumnOrNull(s) : null;
        if (speaker is { } sp && sp.Type is not TextDataViewType && sp.Type is not KeyDataViewType)
            throw new SchemaMismatchException(Name, sp.Name, $"has type {ColumnTypes.Describe(sp.Type)}, expected Text or Key speakers");
        DataViewSchema.Column? audio = null, rate = null;
        if (Settings.Augmentation is not null)
        {
            audio = SchemaColumns.Require(schema, Name, Settings.AudioColumnName, "Vector<Single> of samples for augmentation (LoadAudio)", ColumnTypes.IsSingleVector);
            rate = SchemaColumns.Require(schema, Name, Settings.SampleRateColumnName, "Int32 sample rates for augmentation (LoadAudio)", t => t == NumberDataViewType.Int32);
        }
        return new Bound(label, patches, speaker, audio, rate, new LabelSet(classes), keyValues);
    }

    /// <summary>Moves training patches to a <see cref="PatchStore"/> once they exceed the budget.</summary>
    private sealed class Spill(long? budget, string? folder) : IDisposable
    {
        private PatchStore? _store;
        private long _inMemory;

        public int Stored => _store?.Count ?? 0;

        /// <summary>The clip as kept: in memory while within the budget, else in the store (with every clip before it).</summary>
        public TrainingClip Keep(TrainingClip clip, List<TrainingClip> before)
        {
            if (budget is not long limit) return clip;
            long bytes = (long)clip.Patches.Count * PatchTensors.Size * sizeof(float);
            if (_store is null && _inMemory + bytes <= limit)
            {
                _inMemory += bytes;
                return clip;
            }
            if (_store is null)
            {
                _store = new PatchStore(folder);
                for (int i = 0; i < before.Count; i++) before[i] = before[i] with { Patches = _store.Append(before[i].Patches) };
                _inMemory = 0;
            }
            return clip with { Patches = _store.Append(clip.Patches) };
        }

        public void Seal() => _store?.Seal();

        public void Dispose() => _store?.Dispose();
    }

    private List<TrainingClip> ReadClips(IDataView input, Bound b, Spill spill)
    {
        var needed = new List<DataViewSchema.Column> { b.Label, b.Patches };
        if (b.Speaker is { } sp) needed.Add(sp);
        if (b.Audio is { } au) needed.Add(au);
        if (b.Rate is { } ra) needed.Add(ra);
        var selector = Settings.DataSelection is { } selection ? new GaussianDataSelector(selection) : null;
        var selections = new List<ClipSelection>();
        var clips = new List<TrainingClip>();
        using var cursor = input.GetRowCursor(needed);
        var labelGetter = cursor.GetGetter<uint>(b.Label);
        var patchGetter = cursor.GetGetter<VBuffer<float>>(b.Patches);
        var speakerGetter = SpeakerGetter(cursor, b.Speaker);
        var copies = Settings.Augmentation is { } augmentation ? new Copies(augmentation, new RowAudio(cursor, new AudioColumns(b.Audio!.Value, b.Rate), augmentation.LogMel.SampleRate)) : null;
        uint key = 0;
        var buffer = default(VBuffer<float>);
        float[]? scratch = null;
        while (cursor.MoveNext())
        {
            Settings.CancellationToken.ThrowIfCancellationRequested();
            labelGetter(ref key);
            if (key == 0) continue;                                       // missing label: skipped, as stock trainers do
            patchGetter(ref buffer);
            var values = VBuffers.Dense(buffer, ref scratch);
            int count = FusionEmotionModel.PatchCount(Name, values.Length, cursor.Position);
            var patches = new float[count][];
            for (int p = 0; p < count; p++) patches[p] = values.Slice(p * PatchTensors.Size, PatchTensors.Size).ToArray();
            string id = $"row {cursor.Position}";
            IReadOnlyList<float[]> kept = patches;
            if (selector is not null)
            {
                var decision = selector.Select(patches, id);
                selections.Add(decision);
                kept = decision.Kept.Select(i => patches[i]).ToArray();
            }
            if (kept.Count == 0) continue;
            string speaker = speakerGetter?.Invoke() ?? id;
            clips.Add(spill.Keep(new TrainingClip(id, speaker, (int)key - 1, kept), clips));
            copies?.Add(clips, id, speaker, (int)key - 1, spill);
        }
        spill.Seal();
        LastSelection = selector is null ? null : new SelectionReport(selections);
        if (clips.Count == 0) throw new ArgumentException($"{Name}: no training rows with a label and at least one patch");
        return clips;
    }

    private static Func<string>? SpeakerGetter(DataViewRowCursor cursor, DataViewSchema.Column? speaker)
    {
        if (speaker is not { } s) return null;
        if (s.Type is TextDataViewType)
        {
            var text = cursor.GetGetter<ReadOnlyMemory<char>>(s);
            ReadOnlyMemory<char> value = default;
            return () => { text(ref value); return value.ToString(); };
        }
        var keyGetter = cursor.GetGetter<uint>(s);
        uint k = 0;
        return () => { keyGetter(ref k); return k.ToString(System.Globalization.CultureInfo.InvariantCulture); };
    }

    /// <summary>Augmented copies of each training row, through one front-end built once per fit.</summary>
    private sealed class Copies(TrainingAugmentation augmentation, RowAudio audio)
    {
        private readonly LogMel _logMel = new(augmentation.LogMel);
        private readonly PatchSegmenter _segmenter = new(augmentation.Patches);

        /// <summary>Adds the current row's copies (deterministic per clip id and copy).</summary>
        public void Add(List<TrainingClip> clips, string id, string speaker, int label, Spill spill)
        {
            var clip = audio.ReadClip();
            long stream = (long)(uint)StableHash(id) << 8;
            for (int c = 1; c <= augmentation.Copies; c++)
            {
                var (copy, _) = augmentation.Augmenter.Apply(clip, stream + c);
                var patches = _segmenter.Segment(_logMel.Compute(copy), id);
                if (patches.Count > 0) clips.Add(spill.Keep(new TrainingClip($"{id}#aug{c}", speaker, label, patches.Select(p => p.Data).ToArray(), Augmented: true), clips));
            }
        }
    }

    /// <summary>FNV-1a of the clip id: the same row gets the same augmentations in every process.</summary>
    private static int StableHash(string s)
    {
        uint h = 2166136261;
        foreach (char ch in s) h = (h ^ ch) * 16777619;
        return (int)h;
    }

    /// <summary>Passes progress on and writes one line per epoch to ML.NET's log.</summary>
    private sealed class Relay(IProgress<TrainingProgress>? progress, IChannel? log) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            progress?.Report(value);
            if (log is not null && value.Step == value.StepsPerEpoch)
            {
                log.Info(MessageSensitivity.None, FormattableString.Invariant(
                    $"{Name}: epoch {value.Epoch}/{value.Epochs}: loss {value.Loss:F4}{(value.ValidationUA is double u ? $", validation UA {u:F3}" : "")}, ETA {value.Remaining:mm\\:ss}"));
            }
        }
    }
}
