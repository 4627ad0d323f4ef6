using Microsoft.ML;
using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Explanations;
using Ser.Core.Features;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;
using Ser.Core.Training;

namespace Ser.Benchmarks;

/// <summary>
/// Stand-in fitted pipelines for the scoring and explanation benchmarks: LoadAudio → LogMel (VGGish) → SegmentPatches
/// (96, hop 48) → FusionEmotion → MapKeyToValue, trained for one epoch on generated speech written to WAV files.
/// </summary>
internal static class BenchmarkModels
{
    /// <summary>A folder for this process's generated WAV files (deleted at exit).</summary>
    public static string Folder { get; } = CreateFolder();

    private static string CreateFolder()
    {
        string dir = Directory.CreateTempSubdirectory("ser-bench-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } };
        return dir;
    }

    /// <summary>
    /// The fitted pipeline at the trainer's "default" widths (VGGish 0.25, YAMNet 0.25) or "full" widths (1, 1), one libtorch thread.
    /// </summary>
    public static ITransformer Fusion(string width, MLContext ml)
    {
        Ser.Core.Torch.TorchThreads.Count = 1;
        var labels = LabelSet.Paper4;
        var training = SyntheticCorpus.Generate(labels, speakers: 4, utterancesPerEmotion: 2, seed: 1, seconds: 2.0);
        var rows = training.Select((u, i) => new AudioFileInput { Path = Write($"train-{i}.wav", u.Clip), Label = u.Emotion.Name(), Speaker = u.Speaker }).ToList();
        var defaults = new FusionTrainerOptions();
        var trainer = ml.MulticlassClassification.Trainers.FusionEmotion(training: new FusionTrainerOptions
        {
            Architecture = Architecture.Fusion,
            VGGishWidth = width == "full" ? 1 : defaults.VGGishWidth, YamNetWidth = width == "full" ? 1 : defaults.YamNetWidth,
            Epochs = 1, BatchSize = 32, ValidationFraction = 0, Threads = 1, Seed = 1,
        });
        return ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadAudio())
            .Append(ml.Transforms.LogMel())
            .Append(ml.Transforms.SegmentPatches())
            .Append(trainer)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(ml.Data.LoadFromEnumerable(rows));
    }

    /// <summary>The trained network's stage of a fitted pipeline.</summary>
    public static FusionEmotionModel Network(ITransformer model) => new GradCam(model).EmotionModel;

    /// <summary>Generated 4 s clips (8 speakers × 4 emotions), written as 16-bit WAV files; their paths.</summary>
    public static string[] Clips4s() =>
        SyntheticCorpus.Generate(LabelSet.Paper4, speakers: 8, utterancesPerEmotion: 1, seed: 2, seconds: 4).Select((u, i) => Write($"clip4s-{i}.wav", u.Clip)).ToArray();

    /// <summary>The log-mel and patches of the first 4 s clip as the model's front-end computes them.</summary>
    public static (Spectrogram LogMel, IReadOnlyList<Patch> Patches) FrontEnd(ITransformer model) =>
        new ExplainableModel(model).Prepare(AudioClip.Load(Clips4s()[0]));

    private static string Write(string name, AudioClip clip)
    {
        string path = Path.Combine(Folder, name);
        if (!File.Exists(path)) clip.Save(path);
        return path;
    }

    /// <summary>Linux's VmRSS / VmHWM lines of this process ("123456 kB").</summary>
    public static string Status(string key) =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?[key.Length..].Trim() ?? "?";
}
