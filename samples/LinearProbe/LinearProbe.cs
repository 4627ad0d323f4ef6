using Microsoft.ML;
using Ser.Core.Data;
using Ser.Core.Features;
using Ser.Core.MLNet;

namespace Ser.Samples;

/// <summary>
/// The linear-probe anchor on ML.NET: frozen pretrained YAMNet clip embeddings into stock <c>LbfgsMaximumEntropy</c>,
/// RAVDESS's 8 emotions, speaker folds (6 folds of 4 actors, 2 female and 2 male). The embeddings are computed once and
/// cached (stock <c>ml.Data.Cache</c>); stock <c>CrossValidate</c> fits the probe per fold; then the whole chain
/// (front-end, YAMNet, probe) is fitted on all clips and saved to one file. tests/Ser.Core.Tests runs it on RAVDESS.
/// </summary>
public static class LinearProbe
{
    /// <summary>Runs the probe; returns the unweighted accuracy (UA) of each fold and the saved model's path.</summary>
    /// <param name="ravdessFolder">RAVDESS.</param>
    /// <param name="yamnetWeights">yamnet_folded_f32.safetensors.</param>
    /// <param name="folds">Speaker folds.</param>
    /// <param name="modelPath">Where the fitted chain is saved, or null.</param>
    /// <param name="log">Receives the report.</param>
    public static IReadOnlyList<double> Run(string ravdessFolder, string yamnetWeights, int folds, string? modelPath, TextWriter log)
    {
        var ml = new MLContext(seed: 1);
        IDataView clips = ml.Data.AddSpeakerFolds(ml.Data.LoadRavdess(ravdessFolder, LabelSet.Ravdess8), folds);
        var embedding = ml.Transforms.LoadAudio(sampleRate: 16000)
            .Append(ml.Transforms.LogMel(preset: LogMelOptions.YAMNet))
            .Append(ml.Transforms.SegmentPatches())
            .Append(ml.Transforms.YamNetEmbedding(yamnetWeights, outputColumnName: "Features"))
            .Fit(clips);
        var features = ml.Data.Cache(embedding.Transform(clips), "Label", "Speaker", "Fold", "Features");   // YAMNet runs once per clip
        var probe = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
        var cv = ml.MulticlassClassification.CrossValidate(features, probe, folds, samplingKeyColumnName: "Fold");
        var ua = cv.Select(f => ml.MulticlassClassification.EvaluateSer(f.ScoredHoldOutSet).UnweightedAccuracy).ToArray();
        log.WriteLine($"frozen YAMNet + LbfgsMaximumEntropy, {folds} speaker folds, 8 classes: UA {ua.Average():F3} ± {StandardDeviation(ua):F3} " +
            $"(folds {string.Join(", ", ua.Select(u => u.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))})");
        if (modelPath is not null)
        {
            var model = embedding.Append(probe.Fit(features));
            ml.Model.SaveSer(model, clips.Schema, modelPath);
            log.WriteLine($"front-end + YAMNet + probe saved to {modelPath}");
        }
        return ua;
    }

    private static double StandardDeviation(double[] x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, x.Length - 1));
    }
}
