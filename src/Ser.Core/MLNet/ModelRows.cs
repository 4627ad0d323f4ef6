using Microsoft.ML.Data;
using Ser.Core.Audio;

namespace Ser.Core.MLNet;

/// <summary>
/// An input row naming an audio file, for <c>mlContext.Data.LoadFromEnumerable</c> and prediction engines of pipelines that
/// start with <c>LoadAudio</c>.
/// </summary>
public sealed class AudioFileInput
{
    /// <summary>The audio file.</summary>
    public string Path { get; set; } = "";
    /// <summary>The emotion label, for training and evaluation ("" when unknown).</summary>
    public string Label { get; set; } = "";
    /// <summary>The speaker, for speaker-independent folds and validation ("" when unknown).</summary>
    public string Speaker { get; set; } = "";
}

/// <summary>
/// A window of a long recording (a row of <c>mlContext.Data.LoadAudioWindows</c>): <c>LoadAudio</c> reads only this
/// window of the file, so a fitted model scores a recording of any length window by window.
/// </summary>
public sealed class AudioWindowInput
{
    /// <summary>The audio file.</summary>
    public string Path { get; set; } = "";
    /// <summary>Where the window starts, in seconds from the start of the file.</summary>
    public double WindowStart { get; set; }
    /// <summary>The window's length in seconds.</summary>
    public double WindowDuration { get; set; }
    /// <summary>The window's index within its file (0-based).</summary>
    public int Window { get; set; }
    /// <summary>The emotion label ("" when unknown), so that a model whose pipeline starts with <c>MapValueToKey("Label")</c> scores the windows.</summary>
    public string Label { get; set; } = "";
}

/// <summary>
/// An input row holding audio in memory (mono samples and their rate, as <c>LoadAudio</c> writes them), for pipelines that
/// start at <c>LogMel</c>.
/// </summary>
public sealed class AudioSamplesInput
{
    /// <summary>Mono samples.</summary>
    public float[] Audio { get; set; } = [];
    /// <summary>Their sample rate (Hz).</summary>
    public int SampleRate { get; set; }
    /// <summary>The emotion label, for training and evaluation ("" when unknown).</summary>
    public string Label { get; set; } = "";
    /// <summary>The speaker, for speaker-independent folds and validation ("" when unknown).</summary>
    public string Speaker { get; set; } = "";

    /// <summary>A row for <paramref name="clip"/> (mixed to mono).</summary>
    public static AudioSamplesInput From(AudioClip clip, string label = "", string speaker = "")
    {
        ArgumentNullException.ThrowIfNull(clip);
        var mono = clip.ToMono();
        return new AudioSamplesInput { Audio = mono.Samples.ToArray(), SampleRate = mono.SampleRate, Label = label, Speaker = speaker };
    }
}

/// <summary>
/// The output row of an emotion pipeline that ends with <c>MapKeyToValue("PredictedLabel")</c>, for
/// <c>mlContext.Model.CreatePredictionEngine&lt;TInput, EmotionPrediction&gt;</c>.
/// </summary>
public sealed class EmotionPrediction
{
    /// <summary>The predicted class (the label's key value).</summary>
    public string PredictedLabel { get; set; } = "";
    /// <summary>The clip probability of every class, in key order (the Score column's slot names).</summary>
    public float[] Score { get; set; } = [];

    /// <summary>"angry (0.81)".</summary>
    public override string ToString() => FormattableString.Invariant($"{PredictedLabel} ({(Score.Length == 0 ? 0 : Score.Max()):F2})");
}
