using System.Diagnostics;
using System.Globalization;
using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Evaluation;
using Ser.Core.Features;
using Microsoft.ML;
using Ser.Core.MLNet;
using Ser.Core.Selection;
using Ser.Core.Training;

namespace Ser.Cli;

/// <summary>
/// Speaker-independent k-fold cross-validation on RAVDESS, as an ML.NET pipeline (MapValueToKey → LoadAudio → LogMel →
/// SegmentPatches → FusionEmotion): for every configuration (architecture × pretrained YAMNet × GDS) and fold, fit on
/// the other folds' actors, score the held-out actors' clips, and report UA, WA and macro-F1 (mean ± std over folds),
/// training time and patches used.
/// GDS on and off run alternately, fold by fold, so that their times compare under the same machine conditions.
/// </summary>
internal static class Evaluate
{
    public static int Run(string[] args)
    {
        if (args.Length < 1) throw new ArgumentException("evaluate needs the RAVDESS folder");
        string root = args[0];
        int folds = 6, epochs = 6, classes = 4;
        double vggishWidth = 0.125, yamnetWidth = 0.25;
        string architectures = "fusion", gds = "on,off";
        string? pretrained = null, yamnetInit = null, outPath = null;
        int threads = Environment.ProcessorCount;
        bool cacheFeatures = true;
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--folds": folds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--epochs": epochs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--classes": classes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--vggish-width": vggishWidth = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--yamnet-width": yamnetWidth = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--architectures": architectures = Next(); break;
                case "--gds": gds = Next(); break;
                case "--pretrained": pretrained = Next(); break;
                case "--yamnet-init": yamnetInit = Next(); break;
                case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": outPath = Next(); break;
                case "--no-feature-cache": cacheFeatures = false; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        yamnetInit ??= pretrained is null ? "scratch" : "scratch,pretrained";
        if (yamnetInit.Contains("pretrained", StringComparison.Ordinal) && pretrained is null)
            throw new ArgumentException("--yamnet-init pretrained needs --pretrained PATH");
        LabelSet labels = classes == 8 ? LabelSet.Ravdess8 : LabelSet.Paper4CalmAsNeutral;
        var ml = new MLContext(seed: 0);
        var corpus = Ser.Core.Data.Corpora.RavdessReader.Read(root);
        var utterances = corpus.Select(labels);
        Console.WriteLine($"{corpus}; {utterances.Count} clips in {labels}; {folds} speaker-independent folds; {epochs} epochs");
        var splits = Splits.KFoldBySpeaker(utterances, folds, seed: 0);
        IDataView Rows(IReadOnlyList<Utterance> part) => ml.Data.LoadCorpus(new Corpus(corpus.Name, part), labels);
        string configuration = FormattableString.Invariant(
            $"{labels.Count} classes, {folds} folds, {epochs} epochs, VGGish width {vggishWidth}, YAMNet width {yamnetWidth}, {threads} threads, frozen YAMNet features {(cacheFeatures ? "cached" : "run every step")}");
        Console.WriteLine();
        Console.WriteLine(ResultsTable.Header);
        string[] gdsModes = gds.Split(',');
        foreach (string arch in architectures.Split(','))
        {
            foreach (string init in yamnetInit.Split(','))
            {
                bool withPretrained = init == "pretrained";
                if (withPretrained && arch == "vggish") continue;
                var tallies = gdsModes.Select(_ => new FoldTally()).ToArray();
                // GDS on and off alternate fold by fold, so that a drift in the machine's speed (seen here: ±20 % over
                // an hour) falls on both rows alike and the per-fold time ratio compares like with like.
                for (int f = 0; f < splits.Count; f++)
                {
                    for (int m = 0; m < gdsModes.Length; m++)
                    {
                        bool useGds = gdsModes[m] == "on";
                        var options = new FusionTrainerOptions
                        {
                            Architecture = arch switch { "vggish" => Architecture.VGGishOnly, "yamnet" => Architecture.YamNetOnly, _ => Architecture.Fusion },
                            VGGishWidth = vggishWidth, YamNetWidth = yamnetWidth, Epochs = epochs, BatchSize = 32, LearningRate = 1e-3,
                            ValidationFraction = 0.15, EarlyStoppingPatience = 3, Seed = f, Threads = threads,
                            PretrainedYamNet = withPretrained ? pretrained : null, CacheFrozenFeatures = cacheFeatures,
                        };
                        var trainer = ml.MulticlassClassification.Trainers.FusionEmotion(new FusionEmotionTrainer.Options
                        {
                            Training = options, DataSelection = useGds ? new GaussianSelectionOptions() : null,
                        });
                        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                            .Append(ml.Transforms.LoadAudio())
                            .Append(ml.Transforms.LogMel())
                            .Append(ml.Transforms.SegmentPatches())
                            .Append(trainer);
                        var sw = Stopwatch.StartNew();
                        var model = pipeline.Fit(Rows(splits[f].Train));
                        sw.Stop();                                     // Fit only; scoring the test fold is not training time
                        var fusion = model.LastTransformer;
                        var last = fusion.Training!;
                        var metrics = ml.MulticlassClassification.EvaluateSer(model.Transform(Rows(splits[f].Test)));
                        tallies[m].Add(metrics, sw.Elapsed.TotalSeconds, last.TrainingPatches, last.History.Count);
                        double stepS = last.StepTime.TotalSeconds, validationS = last.ValidationTime.TotalSeconds, featureS = last.FrozenFeatureTime.TotalSeconds;
                        string features = featureS > 0 ? FormattableString.Invariant($", frozen YAMNet features once {featureS:F0} s") : "";
                        Console.Error.WriteLine(FormattableString.Invariant(
                            $"  {arch} {init} GDS {gdsModes[m]} fold {f + 1}/{splits.Count}: UA {metrics.UnweightedAccuracy:F3}, {sw.Elapsed.TotalSeconds:F0} s (training steps {stepS:F0} s, validation {validationS:F0} s{features}, front-end and the rest {sw.Elapsed.TotalSeconds - stepS - validationS - featureS:F0} s), {last.TrainingPatches} patches, {last.History.Count} epochs"));
                        fusion.ReleaseNetwork();
                    }
                }
                for (int m = 0; m < gdsModes.Length; m++)
                {
                    var t = tallies[m];
                    var summary = new CrossValidationSummary(t.Metrics);
                    string row = FormattableString.Invariant(
                        $"| {labels.Count} | {arch} | {(withPretrained ? "yes (frozen)" : "no")} | {gdsModes[m]} | {summary.UnweightedAccuracy} | {summary.WeightedAccuracy} | {summary.MacroF1} | {t.Seconds.Average():F0} | {t.Patches / t.Metrics.Count} |");
                    Console.WriteLine(row);
                    if (outPath is not null) ResultsTable.Append(outPath, row, configuration, summary, t.Epochs);
                }
                int on = Array.IndexOf(gdsModes, "on"), off = Array.IndexOf(gdsModes, "off");
                if (on >= 0 && off >= 0)
                {
                    var ratios = tallies[on].Seconds.Zip(tallies[off].Seconds, (a, b) => a / b).ToArray();
                    Console.Error.WriteLine(FormattableString.Invariant(
                        $"  {arch} {init}: training time GDS on / off, fold by fold: {string.Join(" ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; mean {ratios.Average():F2}"));
                }
            }
        }
        return 0;
    }
}
