namespace Ser.Core.Pipeline;

/// <summary>A named, typed column of a <see cref="SerRow"/>.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">CLR type of the values.</param>
public readonly record struct Column(string Name, Type Type)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type.Name})";
}

/// <summary>Well-known column names.</summary>
public static class Columns
{
    /// <summary>The input audio (<see cref="Audio.AudioClip"/>).</summary>
    public const string Audio = "Audio";

    /// <summary>Clip identifier (<see cref="string"/>).</summary>
    public const string ClipId = "ClipId";

    /// <summary>Emotion label (<see cref="string"/>).</summary>
    public const string Label = "Label";

    /// <summary>Speaker identifier (<see cref="string"/>).</summary>
    public const string Speaker = "Speaker";

    /// <summary>Log-mel spectrogram (<see cref="Features.Spectrogram"/>).</summary>
    public const string LogMel = "LogMel";

    /// <summary>Patches (<see cref="IReadOnlyList{T}"/> of <see cref="Segmentation.Patch"/>).</summary>
    public const string Patches = "Patches";

    /// <summary>The Gaussian data selection decision for the clip (<see cref="Selection.ClipSelection"/>).</summary>
    public const string Selection = "Selection";

    /// <summary>A trained model's decision for the clip (<see cref="Training.EmotionPrediction"/>).</summary>
    public const string Prediction = "Prediction";

    /// <summary>An explanation of the clip's decision (<see cref="Explanations.ExplanationMap"/>).</summary>
    public const string Explanation = "Explanation";

    /// <summary>The columns a data source provides: audio and clip id, and for training data the label and the speaker.</summary>
    public static IReadOnlyList<Column> Source { get; } =
        [new(Audio, typeof(Audio.AudioClip)), new(ClipId, typeof(string)), new(Label, typeof(string)), new(Speaker, typeof(string))];
}
