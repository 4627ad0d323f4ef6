using Microsoft.ML;
using Ser.Core.Data;
using Ser.Core.MLNet;
using Ser.Core.Selection;
using Ser.Core.Training;

namespace Ser.Samples;

/// <summary>
/// The README's quick start, runnable: a mixed stock ML.NET + Ser.Core pipeline on RAVDESS (or any folder laid out like
/// it), cross-validated by speaker with stock <c>CrossValidate</c>, fitted, saved to one file, loaded, and scoring WAV
/// files through a stock <c>PredictionEngine</c>. tests/Ser.Core.Tests runs this file on a generated corpus and checks
/// that the README shows the code between the quickstart markers.
/// </summary>
public static class QuickStart
{
    /// <summary>Runs the quick start.</summary>
    /// <param name="ravdessFolder">RAVDESS (Actor_01 … Actor_24 folders of 03-01-…wav files).</param>
    /// <param name="modelPath">Where the model file goes.</param>
    /// <param name="epochs">Training epochs per fit.</param>
    /// <param name="folds">Speaker folds (2 … the number of actors).</param>
    /// <param name="log">Receives the report.</param>
    /// <returns>The predictions of the first clips, as the engine made them, and the UA of each fold.</returns>
    public static (IReadOnlyList<EmotionPrediction> Predictions, IReadOnlyList<double> FoldUA) Run(string ravdessFolder, string modelPath, int epochs, int folds, TextWriter log)
    {
        var files = Directory.GetFiles(ravdessFolder, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(3).ToArray();
        // <quickstart>
        var ml = new MLContext(seed: 7);
        IDataView clips = ml.Data.LoadRavdess(ravdessFolder, LabelSet.Paper4CalmAsNeutral);  // Path, Label, Speaker, Gender, …
        clips = ml.Data.AddSpeakerFolds(clips, folds);                                        // gender-balanced speaker folds
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")                        // stock
            .Append(ml.Transforms.LoadAudio(sampleRate: 16000))                               // Ser.Core from here …
            .Append(ml.Transforms.LogMel())                                                   // VGGish preset, float32
            .Append(ml.Transforms.SegmentPatches())                                           // 96 × 64 patches, hop 48
            .Append(ml.MulticlassClassification.Trainers.FusionEmotion(new FusionEmotionTrainer.Options
            {
                Training = new FusionTrainerOptions { Epochs = epochs },                      // VGGish + YAMNet late fusion
                DataSelection = new GaussianSelectionOptions(),                               // the paper's, training data only
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));                // stock again

        var cv = ml.MulticlassClassification.CrossValidate(clips, pipeline, folds, samplingKeyColumnName: "Fold");
        log.WriteLine($"UA by speaker fold: {string.Join(", ", cv.Select(f => f.Metrics.MacroAccuracy.ToString("F3")))}");

        var model = pipeline.Fit(clips);
        ml.Model.SaveSer(model, clips.Schema, modelPath);                                     // one file, stock + Ser stages
        var engine = ml.Model.CreatePredictionEngine<AudioFileInput, EmotionPrediction>(ml.Model.LoadSer(modelPath, out _));
        foreach (string wav in files)
            log.WriteLine($"{Path.GetFileName(wav)}: {engine.Predict(new AudioFileInput { Path = wav })}");  // "angry (0.81)"
        // </quickstart>
        var predictions = files.Select(f => engine.Predict(new AudioFileInput { Path = f })).ToArray();
        foreach (var fold in cv) new Ser.Core.Explanations.GradCam(fold.Model).EmotionModel.ReleaseNetwork();
        return (predictions, cv.Select(f => f.Metrics.MacroAccuracy).ToArray());
    }
}
