using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Features;
using Ser.Core.Pipeline;
using Ser.Core.Segmentation;
using Ser.Core.Training;

namespace Ser.Benchmarks;

/// <summary>Stand-in fitted pipelines for the scoring and explanation benchmarks: fusion networks trained for one epoch on generated speech.</summary>
internal static class BenchmarkModels
{
    /// <summary>VGGish-preset log-mel → patches (96, hop 48) → fusion at the "demo" (VGGish 0.125, YAMNet 0.25) or "full" (1, 1) widths, one libtorch thread.</summary>
    public static TransformerChain Fusion(string width)
    {
        Ser.Core.Torch.TorchThreads.Count = 1;
        var ser = new SerContext(seed: 1);
        var labels = LabelSet.Paper4;
        var training = SyntheticCorpus.Generate(labels, speakers: 4, utterancesPerEmotion: 2, seed: 1, seconds: 2.0);
        double vggish = width == "full" ? 1 : 0.125, yamnet = width == "full" ? 1 : 0.25;
        var trainer = ser.Trainers.Fusion(labels, new FusionTrainerOptions
        {
            Architecture = Architecture.Fusion, VGGishWidth = vggish, YamNetWidth = yamnet, Epochs = 1, BatchSize = 32,
            ValidationFraction = 0, Threads = 1, Seed = 1,
        });
        return ser.Transforms.LogMel(LogMelOptions.VGGish).Append(ser.Transforms.Segment(96, 48)).Append(trainer)
            .Fit(training.Select((u, i) => SerRow.FromClip(u.Clip, $"c{i}", u.Emotion.Name(), u.Speaker)));
    }

    /// <summary>Generated 4 s clips (8 speakers × 4 emotions).</summary>
    public static AudioClip[] Clips4s() =>
        SyntheticCorpus.Generate(LabelSet.Paper4, speakers: 8, utterancesPerEmotion: 1, seed: 2, seconds: 4).Select(u => u.Clip).ToArray();

    /// <summary>The log-mel and patches of the first 4 s clip through the model's front-end (its first two stages).</summary>
    public static (Spectrogram LogMel, IReadOnlyList<Patch> Patches) FrontEnd(TransformerChain model)
    {
        var row = new TransformerChain(model.Stages.Take(2)).Transform(SerRow.FromClip(Clips4s()[0], "clip"));
        return (row.Get<Spectrogram>(Columns.LogMel), row.Get<IReadOnlyList<Patch>>(Columns.Patches));
    }

    /// <summary>Linux's VmRSS / VmHWM lines of this process ("123456 kB").</summary>
    public static string Status(string key) =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?[key.Length..].Trim() ?? "?";
}
