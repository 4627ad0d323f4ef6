using System.Diagnostics;
using System.Globalization;
using Ser.Core.Data.Corpora;
using Ser.Core.Features;
using Ser.Core.Segmentation;
using Ser.Core.Selection;

namespace Ser.Cli;

/// <summary>
/// The Gaussian data selection report on a RAVDESS folder: VGGish log-mel, 96-frame patches with
/// 50 % overlap, scores once per clip, then the dropped fraction for each threshold, the per-clip
/// dropped-count distribution at the default threshold, and the time GDS adds to extraction.
/// </summary>
internal static class GdsTable
{
    public static int Run(string[] args)
    {
        if (args.Length < 1) throw new ArgumentException("gds-table needs the RAVDESS folder");
        string root = args[0];
        int threads = Environment.ProcessorCount;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--threads" && i + 1 < args.Length) threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        var corpus = RavdessReader.Read(root);
        Console.WriteLine($"{corpus}; {threads} thread(s)");
        var transform = new LogMel(LogMelOptions.VGGish);
        var segmenter = new PatchSegmenter(new PatchOptions { Frames = 96, Hop = 48 });
        var selector = new GaussianDataSelector();
        var utterances = corpus.Utterances;
        var patches = new IReadOnlyList<Patch>[utterances.Count];
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads };

        var sw = Stopwatch.StartNew();
        Parallel.For(0, utterances.Count, po, i =>
        {
            var clip = utterances[i].LoadAudio();
            patches[i] = segmenter.Segment(transform.Compute(clip), utterances[i].Id);
        });
        double extractSeconds = sw.Elapsed.TotalSeconds;
        var scores = new double[utterances.Count][];
        // Warm-up (JIT tiers) on the first clips, then the timed pass over every clip.
        for (int i = 0; i < Math.Min(200, utterances.Count); i++) selector.Scores(patches[i].Select(p => p.Data).ToArray());
        sw.Restart();
        Parallel.For(0, utterances.Count, po, i => scores[i] = selector.Scores(patches[i].Select(p => p.Data).ToArray()));
        double gdsSeconds = sw.Elapsed.TotalSeconds;

        int total = patches.Sum(p => p.Count);
        Console.WriteLine($"{utterances.Count} clips, {total} patches ({(double)total / utterances.Count:F2} per clip)");
        Console.WriteLine($"first pass (cold file cache and JIT; `ser extract-bench` times it properly): extraction {extractSeconds:F2} s, GDS scoring {gdsSeconds:F3} s " +
                          $"(+{100 * gdsSeconds / extractSeconds:F1} %)");
        Console.WriteLine();
        Console.WriteLine("| threshold T | patches dropped | dropped % | clips losing ≥ 1 patch |");
        Console.WriteLine("|---|---|---|---|");
        for (int t = 0; t <= 9; t++)
        {
            double threshold = t / 10.0;
            var options = new GaussianSelectionOptions { Threshold = threshold };
            var report = Report(patches, scores, options);
            Console.WriteLine(FormattableString.Invariant(
                $"| {threshold:F1} | {report.Dropped} | {100 * report.DroppedFraction:F1} | {report.Clips.Count(c => c.Dropped.Count > 0)} |"));
        }
        var chosen = Report(patches, scores, new GaussianSelectionOptions());
        Console.WriteLine();
        Console.WriteLine($"default T = {new GaussianSelectionOptions().Threshold}: {chosen}");
        return 0;
    }

    /// <summary>The decisions at a threshold from precomputed scores.</summary>
    private static SelectionReport Report(IReadOnlyList<Patch>[] patches, double[][] scores, GaussianSelectionOptions options)
    {
        var selector = new GaussianDataSelector(options);
        var clips = new ClipSelection[patches.Length];
        for (int i = 0; i < patches.Length; i++)
        {
            clips[i] = selector.Decide(patches[i].Count > 0 ? patches[i][0].ClipId : "", scores[i]);
        }
        return new SelectionReport(clips);
    }
}
