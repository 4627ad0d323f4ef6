// ExplainClip: why did the model decide what it decided?
//   dotnet run --project samples/ExplainClip -c Release -- [--model emotion.zip] [--clip clip.wav] [--out explain-output]
// Without --model, a small fusion model is trained on the library's generated corpus (about a minute on 2 cores);
// without --clip, a generated "angry" utterance of an unseen speaker is explained. Writes, for the predicted class:
// the Grad-CAM, LIME and occlusion (log-odds drop) maps (CSV), their overlays and the paper's side-by-side figure (PNG), the
// audible explanation (attended.wav, rest.wav, and the time-frequency variant tf-masked.wav) and the per-emotion
// frequency profile of a few generated clips (CSV, PNG).
using System.Diagnostics;
using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Explanations;
using Ser.Core.Features;
using Microsoft.ML;
using Ser.Core.MLNet;
using Ser.Core.Training;

string? modelPath = null, clipPath = null, outDir = "explain-output";
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--model": modelPath = Next(); break;
        case "--clip": clipPath = Next(); break;
        case "--out": outDir = Next(); break;
        default: throw new ArgumentException($"unknown option {args[i]} (use --model, --clip, --out)");
    }
}
Directory.CreateDirectory(outDir);
var ml = new MLContext(seed: 11);
var labels = LabelSet.Paper4;
ITransformer model;
if (modelPath is not null)
{
    model = ml.Model.LoadSer(modelPath, out _);                 // saved by samples/Demo or mlContext.Model.SaveSer
    Console.WriteLine($"Model: {modelPath}");
}
else
{
    var corpus = SyntheticCorpus.Generate(labels, speakers: 10, utterancesPerEmotion: 5, seed: 11);
    Console.WriteLine($"No --model: training a small fusion model on {corpus.Count} generated clips ...");
    var sw = Stopwatch.StartNew();
    var data = ml.Data.LoadFromEnumerable(corpus.Select(u => AudioSamplesInput.From(u.Clip, u.Emotion.Name(), u.Speaker)));
    model = ml.Transforms.Conversion.MapValueToKey("Label")
        .Append(ml.Transforms.LogMel())
        .Append(ml.Transforms.SegmentPatches())
        .Append(ml.MulticlassClassification.Trainers.FusionEmotion(training: new FusionTrainerOptions
        {
            Architecture = Architecture.Fusion, VGGishWidth = 0.125, YamNetWidth = 0.25, Epochs = 12, BatchSize = 32, LearningRate = 1e-3,
            ValidationFraction = 0.2, EarlyStoppingPatience = 4, Seed = 11, Threads = Environment.ProcessorCount,
        }))
        .Fit(data);
    Console.WriteLine($"  trained in {sw.Elapsed.TotalSeconds:F0} s");
}

AudioClip clip = clipPath is not null
    ? AudioClip.Load(clipPath)
    : SyntheticCorpus.Generate(labels, speakers: 12, utterancesPerEmotion: 1, seed: 99).First(u => u.Emotion == Emotion.Angry).Clip;
Console.WriteLine($"Clip: {clip}");

var timer = Stopwatch.StartNew();
ExplanationMap gradCam = new GradCam(model).Explain(clip);
double gradCamMs = timer.Elapsed.TotalMilliseconds;
Console.WriteLine($"Prediction: {gradCam.Target.Name()} (" +
    string.Join(", ", gradCam.Classes.Select((c, k) => $"{c.Name()} {gradCam.Probabilities[k]:F2}")) + ")");
timer.Restart();
LimeExplanation lime = new Lime(model, new LimeOptions { Seed = 1 }).Explain(clip, gradCam.Target);
double limeMs = timer.Elapsed.TotalMilliseconds;
timer.Restart();
ExplanationMap occlusion = new Occlusion(model, new OcclusionOptions { Score = OcclusionScore.LogOdds }).Explain(clip, gradCam.Target);
double occlusionMs = timer.Elapsed.TotalMilliseconds;
Console.WriteLine($"Grad-CAM {gradCamMs:F0} ms, LIME (1000 samples) {limeMs / 1000:F1} s, occlusion {occlusionMs / 1000:F1} s");

string P(string name) => Path.Combine(outDir, name);
gradCam.SaveCsv(P("gradcam.csv"));
lime.Map.SaveCsv(P("lime.csv"));
occlusion.SaveCsv(P("occlusion.csv"));
ExplanationImage.SaveOverlayPng(gradCam, P("gradcam.png"), pixelsPerFrame: 2);
ExplanationImage.SaveOverlayPng(lime.Map, P("lime.png"), pixelsPerFrame: 2);
ExplanationImage.SaveOverlayPng(occlusion, P("occlusion.png"), pixelsPerFrame: 2);
ExplanationImage.SaveSideBySidePng([gradCam, lime.Map, occlusion], P("side-by-side.png"), pixelsPerFrame: 2);
AudibleExplanation.Write(clip, gradCam, P("attended.wav"), P("rest.wav"));
AudibleExplanation.TimeFrequencyMasked(clip, gradCam).Save(P("tf-masked.wav"));
bool[] kept = AudibleExplanation.AttendedFrames(gradCam);
Console.WriteLine($"LIME's top regions: " + string.Join("; ", lime.TopRegions.Take(3).Select(r =>
    $"{gradCam.FrameCentreTime(r.FirstFrame):F2}–{gradCam.FrameCentreTime(r.EndFrame - 1):F2} s, bands {r.FirstBand}–{r.EndBand - 1} ({r.Weight:+0.000;-0.000})")));
Console.WriteLine($"Audible explanation: {kept.Count(k => k) * 100.0 / kept.Length:F0} % of the clip's frames kept");

var profileClips = SyntheticCorpus.Generate(labels, speakers: 3, utterancesPerEmotion: 2, seed: 123).Select(u => u.Clip).ToList();
var profile = EmotionFrequencyProfile.Compute(new GradCam(model), profileClips);
profile.SaveCsv(P("frequency-profile.csv"));
profile.SavePng(P("frequency-profile.png"));
Console.WriteLine($"Frequency profile of {profileClips.Count} clips: " + string.Join(", ", profile.Emotions.Select((e, k) =>
    profile.Counts[k] == 0 ? $"{e.Name()} (none)" : $"{e.Name()} peaks at {profile.BandCentres[Array.IndexOf(profile.Profiles[k], profile.Profiles[k].Max())]:F0} Hz")));
Console.WriteLine($"Written to {Path.GetFullPath(outDir)}: gradcam/lime/occlusion .csv and .png, side-by-side.png, attended.wav, rest.wav, tf-masked.wav, frequency-profile.csv/.png");
new GradCam(model).EmotionModel.ReleaseNetwork();
