using Ser.Core.Audio;
using Ser.Core.Training;

namespace Ser.Core.Pipeline;

/// <summary>
/// Predicts emotions with a fitted pipeline (front-end + a trained model). Safe to call from many
/// threads at once: stages share only read-only state, and the network runs in evaluation mode.
/// </summary>
public sealed class PredictionEngine
{
    internal PredictionEngine(TransformerChain model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        if (!model.Stages.Any(s => s.Outputs.Any(c => c.Name == Columns.Prediction)))
        {
            throw new ArgumentException($"the pipeline has no stage that writes '{Columns.Prediction}' (append a trainer before fitting)", nameof(model));
        }
    }

    /// <summary>The pipeline.</summary>
    public TransformerChain Model { get; }

    /// <summary>The prediction for one clip.</summary>
    public EmotionPrediction Predict(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return Model.Transform(SerRow.FromClip(clip, clip.Source)).Get<EmotionPrediction>(Columns.Prediction);
    }

    /// <summary>Predictions for WAV files, in order, on up to <paramref name="threads"/> threads, with progress (files done).</summary>
    /// <exception cref="AudioFormatException">A file cannot be read (the message names it).</exception>
    public IReadOnlyList<EmotionPrediction> PredictFiles(IReadOnlyList<string> paths, int? threads = null, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var results = new EmotionPrediction[paths.Count];
        int done = 0;
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
        {
            results[i] = Predict(AudioClip.Load(paths[i]));
            progress?.Report(Interlocked.Increment(ref done));
        });
        return results;
    }
}
