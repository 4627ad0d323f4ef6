using System.Diagnostics;
using Ser.Core.Data;
using Ser.Core.Data.Corpora;
using Ser.Core.Features;
using Ser.Core.Segmentation;
using Ser.Core.Selection;

namespace Ser.Cli;

/// <summary>
/// Feature-extraction speed on a RAVDESS folder: read + VGGish log-mel + 96-frame patches (50 %
/// overlap) + Gaussian data selection for every file, at 1 and 2 threads, without a cache, then
/// filling a cache, then from the cache (hit path). Each row is the median of three passes after a warm-up pass.
/// </summary>
internal static class ExtractBench
{
    public static int Run(string[] args)
    {
        if (args.Length < 1) throw new ArgumentException("extract-bench needs the RAVDESS folder");
        string root = args[0];
        string cacheDir = Path.Combine(Path.GetTempPath(), "ser-extract-bench-" + Environment.ProcessId);
        var corpus = RavdessReader.Read(root);
        var utterances = corpus.Utterances;
        double audioSeconds = utterances.AsParallel().Sum(u => u.LoadAudio().Duration.TotalSeconds);
        Console.WriteLine($"{corpus}; {audioSeconds / 3600:F2} h of audio");
        Console.WriteLine();
        Console.WriteLine("| path | threads | seconds | × real time |");
        Console.WriteLine("|---|---|---|---|");
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Time("read + log-mel + patches, no cache (no GDS)", threads, audioSeconds, () => Pass(utterances, null, threads, gds: false));
                Time("read + log-mel + patches + GDS, no cache", threads, audioSeconds, () => Pass(utterances, null, threads));
            }
            var fill = new FeatureCache(cacheDir);
            Time("same, filling an empty cache", 2, audioSeconds, () => Pass(utterances, fill, 2), warmUp: false);
            foreach (int threads in new[] { 1, 2 })
            {
                Time("same, every log-mel from the cache (hit path)", threads, audioSeconds, () => Pass(utterances, new FeatureCache(cacheDir), threads));
            }
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }
        return 0;
    }

    private static void Time(string what, int threads, double audioSeconds, Action pass, bool warmUp = true)
    {
        if (warmUp) pass();
        // Median of three timed passes (this machine's run-to-run spread is large).
        var times = new List<double>();
        for (int r = 0; r < (warmUp ? 3 : 1); r++)
        {
            var sw = Stopwatch.StartNew();
            pass();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        double s = times[times.Count / 2];
        Console.WriteLine(FormattableString.Invariant($"| {what} | {threads} | {s:F2} | {audioSeconds / s:F0} |"));
    }

    private static void Pass(IReadOnlyList<Utterance> utterances, FeatureCache? cache, int threads, bool gds = true)
    {
        var extractor = new FeatureExtractor(LogMelOptions.VGGish, cache);
        var segmenter = new PatchSegmenter(new PatchOptions { Frames = 96, Hop = 48 });
        var selector = new GaussianDataSelector();
        Parallel.For(0, utterances.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var patches = segmenter.Segment(extractor.Extract(utterances[i]), utterances[i].Id);
            if (gds) selector.Select(patches);
        });
    }
}
