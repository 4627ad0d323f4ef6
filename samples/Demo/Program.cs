// Ser.Core demo: reads a WAV (or generates a test utterance), computes log-mel spectrograms with
// every preset, cuts VGGish patches and writes spectrogram PNGs; then, as one stock ML.NET pipeline
// (MapValueToKey → LoadAudio → LogMel → SegmentPatches → FusionEmotion → MapKeyToValue), trains a
// small VGGish + YAMNet late-fusion emotion model on a generated corpus (or on RAVDESS with
// --ravdess DIR), evaluates it on unseen speakers with ML.NET's evaluator, saves it to one file,
// reloads it, predicts the input clip through a PredictionEngine and explains the prediction
// (Grad-CAM picture and the attended audio).
//   dotnet run --project samples/Demo -- [input.wav] [output-dir] [--ravdess DIR]
using System.Diagnostics;
using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Evaluation;
using Ser.Core.Explanations;
using Ser.Core.Features;
using Ser.Core.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;
using Ser.Core.Training;

string? ravdess = null;
var positional = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--ravdess" && i + 1 < args.Length) ravdess = args[++i];
    else positional.Add(args[i]);
}
string? input = positional.Count > 0 && positional[0].Length > 0 ? positional[0] : null;
string outDir = positional.Count > 1 ? positional[1] : Path.Combine(Environment.CurrentDirectory, "demo-output");
Directory.CreateDirectory(outDir);

AudioClip clip;
if (input is null)
{
    clip = Synthesize();
    input = Path.Combine(outDir, "generated.wav");
    clip.Save(input);
    Console.WriteLine($"No input given: generated a 3 s voiced test utterance -> {input}");
}
else
{
    try { clip = AudioClip.Load(input); }
    catch (AudioFormatException e) { Console.Error.WriteLine($"Cannot read the input: {e.Message}"); return 2; }
}
Console.WriteLine($"Input: {clip}");

var presets = new (string Name, LogMelOptions Options)[]
{
    ("Paper", LogMelOptions.Paper), ("VGGish", LogMelOptions.VGGish), ("YAMNet", LogMelOptions.YAMNet),
    ("TorchAudio", LogMelOptions.TorchAudio), ("Librosa", LogMelOptions.Librosa),
};
Console.WriteLine($"{"preset",-11} {"rate",7} {"frames",7} {"bands",6} {"min",8} {"max",8} {"ms",7}  png");
foreach (var (name, options) in presets)
{
    var sw = Stopwatch.StartNew();
    var mel = new LogMel(options).Compute(clip);
    sw.Stop();
    var png = Path.Combine(outDir, $"logmel-{name}.png");
    SpectrogramImage.SavePng(mel, png);
    var d = mel.Data;
    float min = float.MaxValue, max = float.MinValue;
    foreach (var v in d) { if (v < min) min = v; if (v > max) max = v; }
    Console.WriteLine($"{name,-11} {options.SampleRate,7} {mel.Frames,7} {mel.Bins,6} {min,8:F2} {max,8:F2} {sw.Elapsed.TotalMilliseconds,7:F1}  {png}");
}

var ml = new MLContext(seed: 7);
var inputRow = ml.Data.LoadFromEnumerable([new AudioFileInput { Path = input }]);
var frontEnd = ml.Transforms.LoadAudio().Append(ml.Transforms.LogMel()).Append(ml.Transforms.SegmentPatches()).Fit(inputRow);
var frontEndPath = Path.Combine(outDir, "frontend.zip");
ml.Model.SaveSer(frontEnd, inputRow.Schema, frontEndPath);
var starts = ml.Model.LoadSer(frontEndPath, out _).Transform(inputRow).GetColumn<float[]>("PatchStarts").Single();
Console.WriteLine($"VGGish patches (96 x 64, hop 48): {starts.Length}; starts at " +
    string.Join(", ", starts.Select(t => $"{t:0.00} s")) + $"; front-end saved and reloaded from {frontEndPath}");

// ---- Emotion model: one ML.NET pipeline; train, evaluate on unseen speakers, save, reload, predict ----
var total = Stopwatch.StartNew();
var labels = LabelSet.Paper4CalmAsNeutral;
IDataView clips;
if (ravdess is not null)
{
    clips = ml.Data.LoadRavdess(ravdess, labels);
    Console.WriteLine($"\nRAVDESS: {clips.GetRowCount()} clips in {labels}");
}
else
{
    var generated = SyntheticCorpus.Generate(labels, speakers: 12, utterancesPerEmotion: 5, seed: 7);
    string corpusDir = Path.Combine(outDir, "generated-corpus");
    Directory.CreateDirectory(corpusDir);
    var files = generated.Select((u, i) =>
    {
        string path = Path.Combine(corpusDir, $"{u.Speaker}-{u.Emotion.Name()}-{i:D3}.wav");
        u.Clip.Save(path);
        return new AudioFileInput { Path = path, Label = u.Emotion.Name(), Speaker = u.Speaker };
    }).ToList();
    clips = ml.Data.LoadFromEnumerable(files);
    Console.WriteLine($"\nGenerated corpus: {files.Count} clips of 2 s in {corpusDir}, 12 synthetic speakers, classes {labels}");
}
var speakers = clips.GetColumn<string>("Speaker").Distinct().Order(StringComparer.Ordinal).ToList();
var testSpeakers = speakers.Where((_, i) => i % 4 == 3).ToHashSet();             // every fourth speaker is held out
var train = ml.Data.FilterByCustomPredicate<SpeakerRow>(clips, r => testSpeakers.Contains(r.Speaker));
var test = ml.Data.FilterByCustomPredicate<SpeakerRow>(clips, r => !testSpeakers.Contains(r.Speaker));
Console.WriteLine($"Training on {train.GetColumn<string>("Speaker").Count()} clips, testing on unseen speakers ({string.Join(", ", testSpeakers)})");

var trainer = ml.MulticlassClassification.Trainers.FusionEmotion(new FusionEmotionTrainer.Options
{
    Training = new FusionTrainerOptions
    {
        VGGishWidth = 0.125, YamNetWidth = 0.25, Epochs = ravdess is null ? 15 : 6, BatchSize = 32, LearningRate = 1e-3,
        ValidationFraction = 0.2, EarlyStoppingPatience = 5, Seed = 7, Threads = Environment.ProcessorCount,
    },
    DataSelection = new Ser.Core.Selection.GaussianSelectionOptions(),          // the paper's Gaussian data selection, training clips only
    Progress = new EpochPrinter(),
});
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    .Append(ml.Transforms.LoadAudio(sampleRate: 16000))
    .Append(ml.Transforms.LogMel())
    .Append(ml.Transforms.SegmentPatches())
    .Append(trainer)
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
var emotionModel = pipeline.Fit(train);
var metrics = ml.MulticlassClassification.Evaluate(emotionModel.Transform(test));       // stock ML.NET
Console.WriteLine($"Unseen speakers: UA {metrics.MacroAccuracy:F3}, WA {metrics.MicroAccuracy:F3}; Gaussian data selection kept " +
    $"{trainer.LastSelection!.Kept} of {trainer.LastSelection.Total} training patches");
Console.Write(metrics.ConfusionMatrix.GetFormattedConfusionTable());

var emotionPath = Path.Combine(outDir, "emotion.zip");
ml.Model.SaveSer(emotionModel, clips.Schema, emotionPath);
var reloaded = ml.Model.LoadSer(emotionPath, out _);
var engine = ml.Model.CreatePredictionEngine<AudioFileInput, EmotionPrediction>(reloaded);
var prediction = engine.Predict(new AudioFileInput { Path = input });
var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
reloaded.GetOutputSchema(clips.Schema)["Score"].GetSlotNames(ref slotNames);
var classNames = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
Console.WriteLine($"Model saved to {emotionPath} ({new FileInfo(emotionPath).Length / 1024} KiB) and reloaded; the input clip is " +
    $"{prediction}: " + string.Join(", ", classNames.Select((c, i) => $"{c} {prediction.Score[i]:F2}")));
Console.WriteLine($"Emotion model part: {total.Elapsed.TotalSeconds:F0} s");

// Why: Grad-CAM of the input clip over its log-mel, as a picture and as sound (samples/ExplainClip does more).
var explanation = new GradCam(emotionModel).Explain(clip);
ExplanationImage.SaveOverlayPng(explanation, Path.Combine(outDir, "gradcam.png"));
AudibleExplanation.Write(clip, explanation, Path.Combine(outDir, "attended.wav"), Path.Combine(outDir, "rest.wav"));
Console.WriteLine($"Grad-CAM for {explanation.Target.Name()}: {Path.Combine(outDir, "gradcam.png")}; what the model attended to: " +
    $"{Path.Combine(outDir, "attended.wav")} (the rest: rest.wav)");
return 0;

// A 3 s vowel-like signal: a glottal pulse train with falling-rising pitch shaped by three formants.
static AudioClip Synthesize()
{
    const int rate = 16000;
    var x = new float[3 * rate];
    double phase = 0;
    var formants = new (double F, double Bw)[] { (700, 110), (1220, 120), (2600, 160) };
    var state = new double[formants.Length * 2];
    for (int i = 0; i < x.Length; i++)
    {
        double t = (double)i / rate;
        double f0 = 140 + 40 * Math.Sin(2 * Math.PI * 0.5 * t);
        phase += f0 / rate;
        double excitation = phase >= 1 ? 1 : 0;
        if (phase >= 1) phase -= 1;
        double y = 0;
        for (int k = 0; k < formants.Length; k++)
        {
            double r = Math.Exp(-Math.PI * formants[k].Bw / rate), c = 2 * r * Math.Cos(2 * Math.PI * formants[k].F / rate);
            double v = excitation + c * state[2 * k] - r * r * state[2 * k + 1];
            state[2 * k + 1] = state[2 * k];
            state[2 * k] = v;
            y += v;
        }
        double envelope = Math.Min(1, Math.Min(t / 0.1, (3 - t) / 0.1));
        x[i] = (float)(0.05 * y * envelope);
    }
    return new AudioClip(x, rate, source: "generated");
}

/// <summary>The speaker column, to filter rows by speaker.</summary>
sealed class SpeakerRow
{
    public string Speaker { get; set; } = "";
}

/// <summary>Prints one line per finished epoch.</summary>
sealed class EpochPrinter : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress p)
    {
        if (p.Step != p.StepsPerEpoch) return;
        Console.WriteLine($"  epoch {p.Epoch,2}/{p.Epochs}: loss {p.Loss:F3}" + (p.ValidationUA is double u ? $", validation UA {u:F3}" : "") + $", {p.Elapsed.TotalSeconds:F0} s");
    }
}
