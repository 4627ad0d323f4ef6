using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ser.Core.Data;
using Ser.Core.Evaluation;
using Ser.Core.Networks;
using Ser.Core.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ser.Core.Training;

/// <summary>
/// Trains a VGGish / YAMNet / late-fusion network on labelled patches: seeded initialisation and
/// shuffling, mini-batches, class-balanced cross-entropy or focal loss, the chosen optimiser and
/// schedule, clip-level validation UA on held-out speakers after every epoch, early stopping (the
/// best epoch's weights are kept), an atomic checkpoint after every epoch that a later run resumes,
/// progress reports and cancellation (a cancelled run leaves the last checkpoint valid).
/// Every epoch reseeds libtorch with (seed, epoch), so a resumed run repeats an uninterrupted one.
/// Runs on <see cref="FusionTrainerOptions.Device"/> (the CPU by default); every step and batch runs in its own
/// dispose scope, so the count of live tensors stays flat.
/// Exact repetition needs a fixed thread count (<see cref="FusionTrainerOptions.Threads"/>) and no
/// other code drawing from libtorch's global generator in the process meanwhile (dropout and
/// initialisation use it).
/// </summary>
public sealed class EmotionNetworkTrainer
{
    private const int PatchSize = 96 * 64;

    /// <summary>Creates the trainer; the options are validated.</summary>
    public EmotionNetworkTrainer(FusionTrainerOptions options, LabelSet labels)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Labels = labels ?? throw new ArgumentNullException(nameof(labels));
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public FusionTrainerOptions Options { get; }

    /// <summary>The classes.</summary>
    public LabelSet Labels { get; }

    /// <summary>Path of the checkpoint file, or null.</summary>
    public string? CheckpointPath => Options.CheckpointDirectory is null ? null : Path.Combine(Options.CheckpointDirectory, "checkpoint.safetensors");

    /// <summary>Trains on <paramref name="clips"/>; returns the network (best validation epoch) and the history.</summary>
    public TrainingResult Train(IReadOnlyList<TrainingClip> clips, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        foreach (var c in clips)
        {
            if ((uint)c.Label >= (uint)Labels.Count) throw new ArgumentException($"clip {c.ClipId}: label index {c.Label} is outside the {Labels.Count} classes");
            if (c.Patches is not IPatchReader)                      // stored patches were checked when they were stored
                foreach (var p in c.Patches) if (p.Length != PatchSize) throw new ArgumentException($"clip {c.ClipId}: a patch has {p.Length} values, expected {PatchSize} (96 × 64)");
        }
        if (Options.Threads is int t) TorchThreads.Count = t;
        TorchRuntime.EnsureInitialized();
        Device device = TorchRuntime.Parse(Options.Device);
        var (train, validation) = SplitBySpeaker(clips);
        IReadOnlyList<float[]> patches = new ConcatenatedPatches(train.Select(c => c.Patches));
        int[] labels = train.SelectMany(c => Enumerable.Repeat(c.Label, c.Patches.Count)).ToArray();
        if (patches.Count == 0) throw new ArgumentException("no training patches");

        torch.manual_seed(Options.Seed);
        nn.Module<Tensor, Tensor> net = NetworkFactory.Create(Options, Labels.Count);
        if (device.type != DeviceType.CPU) net.to(device);
        using optim.Optimizer optimizer = CreateOptimizer(net);
        using Tensor? classWeights = Options.BalanceClasses ? ClassWeights(labels, device) : null;
        var history = new List<EpochRecord>();
        Dictionary<string, Tensor>? best = null;
        double? bestUa = null;
        int bestEpoch = 0, startEpoch = 1;
        try
        {
            if (CheckpointPath is not null && File.Exists(CheckpointPath))
            {
                (startEpoch, bestUa, bestEpoch, best) = Resume(net, optimizer, history);
            }
            var sw = Stopwatch.StartNew();
            var stepTime = new Stopwatch();
            var validationTime = new Stopwatch();
            var featureTime = new Stopwatch();
            IFrozenFeatureNetwork? frozen = Options.CacheFrozenFeatures && net is IFrozenFeatureNetwork f && f.HasFrozenBranch
                && FrozenFeatureCache.Fits(f, patches.Count) ? f : null;
            FrozenFeatureCache? trainCache = null;
            FrozenFeatureCache[]? validationCache = null;
            if (frozen is not null)
            {
                featureTime.Start();
                trainCache = FrozenFeatureCache.Compute(frozen, patches, Options.BatchSize, device);
                validationCache = validation.Select(c => FrozenFeatureCache.Compute(frozen, c.Patches, Options.BatchSize, device)).ToArray();
                featureTime.Stop();
            }
            int steps = (patches.Count + Options.BatchSize - 1) / Options.BatchSize;
            bool stoppedEarly = false;
            for (int epoch = startEpoch; epoch <= Options.Epochs; epoch++)
            {
                double rate = LearningRateSchedule.RateAt(Options, epoch, history);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
                torch.manual_seed(unchecked((long)((ulong)Options.Seed * 1_000_003UL + (ulong)epoch)));
                int[] order = EpochOrder.For(patches.Count, Options.ShuffleWindowPatches, Options.Seed, epoch);
                net.train();
                double lossSum = 0;
                stepTime.Start();
                for (int s = 0; s < steps; s++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = torch.NewDisposeScope();
                    int from = s * Options.BatchSize, count = Math.Min(Options.BatchSize, patches.Count - from);
                    ReadOnlySpan<int> batch = order.AsSpan(from, count);
                    var y = new long[count];
                    for (int b = 0; b < count; b++) y[b] = labels[batch[b]];
                    optimizer.zero_grad();
                    Tensor? input = frozen is null || frozen.NeedsInputWithFrozenFeatures ? PatchTensors.FromList(patches, batch, device) : null;
                    Tensor logits = frozen is null
                        ? net.forward(input!)
                        : frozen.ForwardWithFrozenFeatures(input, trainCache!.Gather(batch, device));
                    Tensor target = torch.tensor(y, device: device);
                    Tensor loss = Options.Loss == LossKind.Focal
                        ? Losses.FocalLoss(logits, target, Options.FocalGamma, classWeights)
                        : Losses.CrossEntropy(logits, target, classWeights, labelSmoothing: Options.LabelSmoothing);
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>();
                    if (s + 1 < steps)                             // the last step is reported with the epoch's results below
                    {
                        progress?.Report(new TrainingProgress(epoch, Options.Epochs, s + 1, steps, lossSum / (s + 1), null, sw.Elapsed, Remaining(sw, epoch - startEpoch, s + 1, steps)));
                    }
                }
                stepTime.Stop();
                double? ua = null;
                if (validation.Count > 0)
                {
                    validationTime.Start();
                    ua = (validationCache is null ? Evaluate(net, validation) : EvaluateCached(frozen!, net, validation, validationCache)).UnweightedAccuracy;
                    validationTime.Stop();
                }
                history.Add(new EpochRecord(epoch, lossSum / steps, ua, rate));
                if (ua is double u && (bestUa is null || u >= bestUa))   // ties keep the later (longer trained) epoch
                {
                    bestUa = u;
                    bestEpoch = epoch;
                    ReplaceBest(ref best, net);
                }
                progress?.Report(new TrainingProgress(epoch, Options.Epochs, steps, steps, lossSum / steps, ua, sw.Elapsed, Remaining(sw, epoch - startEpoch + 1, 0, steps)));
                SaveCheckpoint(net, optimizer, history, best, bestUa, bestEpoch);
                if (ua is not null && Options.EarlyStoppingPatience > 0 && epoch - bestEpoch >= Options.EarlyStoppingPatience)
                {
                    stoppedEarly = true;
                    break;
                }
            }
            if (best is not null) StateDict.Load(net, best);
            net.eval();
            var result = new TrainingResult(net, Labels, history, bestUa, bestEpoch, stoppedEarly, train.Count, validation.Count, patches.Count)
            {
                StepTime = stepTime.Elapsed,
                ValidationTime = validationTime.Elapsed,
                FrozenFeatureTime = featureTime.Elapsed,
            };
            net = null!;
            return result;
        }
        finally
        {
            if (best is not null) SafeTensors.DisposeAll(best);
            net?.Dispose();
        }
    }

    /// <summary>Clip-level metrics of a network on clips (mean of patch probabilities).</summary>
    public ClassificationMetrics Evaluate(nn.Module<Tensor, Tensor> net, IReadOnlyList<TrainingClip> clips) =>
        EvaluateClips(net, clips, i => ClipProbabilities(net, clips[i].Patches, Labels.Count, Options.BatchSize));

    /// <summary><see cref="Evaluate"/> from the clips' cached frozen features.</summary>
    private ClassificationMetrics EvaluateCached(IFrozenFeatureNetwork frozen, nn.Module<Tensor, Tensor> net, IReadOnlyList<TrainingClip> clips, FrozenFeatureCache[] caches)
    {
        Device device = TorchRuntime.DeviceOf(net);
        return EvaluateClips(net, clips, i => ClipProbabilities(net, clips[i].Patches.Count, Labels.Count, Options.BatchSize, (from, count) =>
        {
            Tensor? input = frozen.NeedsInputWithFrozenFeatures ? PatchTensors.FromList(clips[i].Patches, from, count, device) : null;
            return frozen.ForwardWithFrozenFeatures(input, caches[i].Slice(from, count, device));
        }));
    }

    private ClassificationMetrics EvaluateClips(nn.Module<Tensor, Tensor> net, IReadOnlyList<TrainingClip> clips, Func<int, float[]> probabilities)
    {
        var truth = new int[clips.Count];
        var predicted = new int[clips.Count];
        bool training = net.training;
        if (training) net.eval();                              // once, not once per clip
        try
        {
            for (int i = 0; i < clips.Count; i++)
            {
                truth[i] = clips[i].Label;
                predicted[i] = ClipAggregation.ArgMax(probabilities(i));
            }
        }
        finally
        {
            if (training) net.train();
        }
        return ClassificationMetrics.From(Labels.Names, truth, predicted);
    }

    /// <summary>Mean softmax probabilities over a clip's patches (evaluation mode, no gradients, batched).</summary>
    public static float[] ClipProbabilities(nn.Module<Tensor, Tensor> net, IReadOnlyList<float[]> patches, int classes, int batchSize = 64)
    {
        if (patches.Count == 0) throw new ArgumentException("the clip has no patches", nameof(patches));
        Device device = TorchRuntime.DeviceOf(net);
        return ClipProbabilities(net, patches.Count, classes, batchSize, (from, count) => net.forward(PatchTensors.FromList(patches, from, count, device)));
    }

    /// <summary>Mean softmax probabilities over <paramref name="count"/> patches stored back to back in <paramref name="patches"/> (96 × 64 floats each).</summary>
    public static float[] ClipProbabilities(nn.Module<Tensor, Tensor> net, ReadOnlyMemory<float> patches, int count, int classes, int batchSize = 64)
    {
        if (count == 0) throw new ArgumentException("the clip has no patches", nameof(patches));
        Device device = TorchRuntime.DeviceOf(net);
        int size = PatchTensors.Size;
        return ClipProbabilities(net, count, classes, batchSize, (from, n) => net.forward(PatchTensors.FromSpan(patches.Span.Slice(from * size, n * size), n, device)));
    }

    /// <summary>Mean softmax probabilities over <paramref name="patches"/> patches whose logits <paramref name="logits"/> gives batch by batch (from, count).</summary>
    private static float[] ClipProbabilities(nn.Module<Tensor, Tensor> net, int patches, int classes, int batchSize, Func<int, int, Tensor> logits)
    {
        TorchRuntime.EnsureInitialized();
        bool training = net.training;
        if (training) net.eval();                              // a model in evaluation mode is not touched (thread safety)
        try
        {
            using var noGrad = torch.no_grad();
            var all = new float[patches * classes];
            for (int from = 0; from < patches; from += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                int count = Math.Min(batchSize, patches - from);
                PatchTensors.CopyTo(logits(from, count).softmax(1), all.AsSpan(from * classes, count * classes));
            }
            return ClipAggregation.Aggregate(all, classes);
        }
        finally
        {
            if (training) net.train();
        }
    }

    private (List<TrainingClip> Train, List<TrainingClip> Validation) SplitBySpeaker(IReadOnlyList<TrainingClip> clips)
    {
        var originals = clips.Where(c => !c.Augmented).Select(c => (c.Speaker, Gender.Unknown)).ToList();
        var held = Options.ValidationFraction > 0 && originals.Select(o => o.Speaker).Distinct().Count() >= 2
            ? Splits.HeldOutSpeakers(originals, Options.ValidationFraction, Options.Seed, genderBalanced: false)
            : new HashSet<string>(StringComparer.Ordinal);
        return (clips.Where(c => !held.Contains(c.Speaker)).ToList(), clips.Where(c => held.Contains(c.Speaker) && !c.Augmented).ToList());
    }

    private optim.Optimizer CreateOptimizer(nn.Module net)
    {
        var parameters = net.parameters().Where(p => p.requires_grad).ToList();
        return Options.Optimizer switch
        {
            OptimizerKind.AdamW => new FusedAdam.AdamW(parameters, Options.LearningRate, Options.WeightDecay),
            OptimizerKind.Sgd => optim.SGD(parameters, Options.LearningRate, momentum: 0.9, weight_decay: Options.WeightDecay),
            _ => new FusedAdam.Adam(parameters, Options.LearningRate, Options.WeightDecay),
        };
    }

    private Tensor ClassWeights(IEnumerable<int> labels, Device device)
    {
        var counts = new double[Labels.Count];
        foreach (int l in labels) counts[l]++;
        int present = counts.Count(c => c > 0);
        double total = counts.Sum();
        var w = counts.Select(c => c > 0 ? (float)(total / (present * c)) : 0f).ToArray();
        return torch.tensor(w, device: device).DetachFromDisposeScope();
    }

    private static TimeSpan Remaining(Stopwatch sw, int epochsDone, int stepsDone, int steps)
    {
        double done = epochsDone + (double)stepsDone / steps;
        return done <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(sw.Elapsed.TotalSeconds / done * Math.Max(0, 1 - done));
    }

    private static void ReplaceBest(ref Dictionary<string, Tensor>? best, nn.Module net)
    {
        if (best is not null) SafeTensors.DisposeAll(best);
        best = StateDict.Clone(net);
    }

    // ------------------------------------------------------------------ checkpoints

    private const string OptimizerStateName = "optimizer.state";

    private void SaveCheckpoint(nn.Module net, optim.Optimizer optimizer, List<EpochRecord> history, Dictionary<string, Tensor>? best, double? bestUa, int bestEpoch)
    {
        if (CheckpointPath is null) return;
        using var scope = torch.NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, t) in net.state_dict()) tensors.Add(new("model." + name, t));
        if (best is not null) foreach (var (name, t) in best) tensors.Add(new("best." + name, t));
        tensors.Add(new(OptimizerStateName, torch.tensor(OptimizerState(optimizer))));
        var state = new CheckpointState(history.Count == 0 ? 0 : history[^1].Epoch, bestUa, bestEpoch, history, Fingerprint());
        SafeTensors.Save(CheckpointPath, tensors, new Dictionary<string, string> { ["trainer"] = JsonSerializer.Serialize(state) });
    }

    /// <summary>The optimizer's state (step counts, moments) in TorchSharp's binary format.</summary>
    private static byte[] OptimizerState(optim.Optimizer optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) Stateful(optimizer).save_state_dict(writer);
        return buffer.ToArray();
    }

    private static OptimizerHelper Stateful(optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper ?? throw new InvalidOperationException($"{optimizer.GetType().Name} cannot save its state");

    private (int StartEpoch, double? BestUa, int BestEpoch, Dictionary<string, Tensor>? Best) Resume(nn.Module net, optim.Optimizer optimizer, List<EpochRecord> history)
    {
        var tensors = SafeTensors.Load(CheckpointPath!, out var metadata);
        try
        {
            var state = metadata.TryGetValue("trainer", out string? json) ? JsonSerializer.Deserialize<CheckpointState>(json) : null;
            if (state is null) throw new SafeTensorsException(CheckpointPath!, "not a trainer checkpoint (no 'trainer' metadata)");
            if (state.Fingerprint != Fingerprint())
            {
                throw new InvalidOperationException($"{CheckpointPath}: the checkpoint was written with other options or labels ({state.Fingerprint}); delete it or use another CheckpointDirectory");
            }
            if (!tensors.TryGetValue(OptimizerStateName, out Tensor? optimizerState) || optimizerState.dtype != ScalarType.Byte)
            {
                throw new SafeTensorsException(CheckpointPath!, $"not a trainer checkpoint (no byte tensor '{OptimizerStateName}')");
            }
            StateDict.Load(net, Prefixed(tensors, "model."));
            var bestTensors = Prefixed(tensors, "best.");
            Dictionary<string, Tensor>? best = null;
            if (bestTensors.Count > 0)
            {
                Device device = TorchRuntime.DeviceOf(net);
                best = bestTensors.ToDictionary(p => p.Key, p => p.Value.to(device, copy: true).DetachFromDisposeScope());
            }
            try
            {
                using var reader = new BinaryReader(new MemoryStream(optimizerState.bytes.ToArray(), writable: false));
                Stateful(optimizer).load_state_dict(reader);
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidOperationException)
            {
                if (best is not null) SafeTensors.DisposeAll(best);
                throw new SafeTensorsException(CheckpointPath!, "the optimizer state cannot be read: " + e.Message, e);
            }
            history.AddRange(state.History);
            return (state.Epoch + 1, state.BestUA, state.BestEpoch, best);
        }
        finally
        {
            SafeTensors.DisposeAll(tensors);
        }
    }

    private static Dictionary<string, Tensor> Prefixed(Dictionary<string, Tensor> all, string prefix) =>
        all.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key[prefix.Length..], p => p.Value);

    /// <summary>What must not change between a checkpoint and its resumption.</summary>
    private string Fingerprint() => string.Join(";", Labels.ToString(), Options.Architecture, Options.VGGishWidth.ToString(CultureInfo.InvariantCulture),
        Options.YamNetWidth.ToString(CultureInfo.InvariantCulture), Options.PretrainedYamNet is not null, Options.Optimizer, Options.Seed, Options.BatchSize);

    private sealed record CheckpointState(int Epoch, double? BestUA, int BestEpoch, List<EpochRecord> History, string Fingerprint);
}

/// <summary>A trained network and its history; dispose it to free the weights.</summary>
public sealed class TrainingResult(nn.Module<Tensor, Tensor> network, LabelSet labels, IReadOnlyList<EpochRecord> history, double? bestValidationUA,
    int bestEpoch, bool stoppedEarly, int trainingClips, int validationClips, int trainingPatches) : IDisposable
{
    /// <summary>The network in evaluation mode, with the best validation epoch's weights (the last epoch's without validation).</summary>
    public nn.Module<Tensor, Tensor> Network { get; } = network;
    /// <summary>The classes.</summary>
    public LabelSet Labels { get; } = labels;
    /// <summary>Every finished epoch, including those of a resumed run.</summary>
    public IReadOnlyList<EpochRecord> History { get; } = history;
    /// <summary>Best clip-level validation UA, or null without validation.</summary>
    public double? BestValidationUA { get; } = bestValidationUA;
    /// <summary>The epoch whose weights were kept (0 without validation).</summary>
    public int BestEpoch { get; } = bestEpoch;
    /// <summary>True when early stopping ended training.</summary>
    public bool StoppedEarly { get; } = stoppedEarly;
    /// <summary>Clips trained on.</summary>
    public int TrainingClips { get; } = trainingClips;
    /// <summary>Clips of the held-out validation speakers.</summary>
    public int ValidationClips { get; } = validationClips;
    /// <summary>Patches trained on per epoch.</summary>
    public int TrainingPatches { get; } = trainingPatches;
    /// <summary>Wall time of this run's training steps (forward, loss, backward, optimizer), all epochs together.</summary>
    public TimeSpan StepTime { get; init; }
    /// <summary>Wall time of this run's validation passes over the held-out speakers, all epochs together.</summary>
    public TimeSpan ValidationTime { get; init; }
    /// <summary>Wall time spent computing the frozen branch's features once (zero when they were not cached; <see cref="FusionTrainerOptions.CacheFrozenFeatures"/>).</summary>
    public TimeSpan FrozenFeatureTime { get; init; }

    /// <summary>Frees the network.</summary>
    public void Dispose() => Network.Dispose();
}
