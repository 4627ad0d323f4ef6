namespace Ser.Core.Data;

/// <summary>
/// The canonical emotion set every corpus is mapped onto (the union of the categories of RAVDESS,
/// CREMA-D, TESS, SAVEE, EMO-DB and IEMOCAP's main classes).
/// </summary>
public enum Emotion
{
    /// <summary>Neutral.</summary>
    Neutral,
    /// <summary>Calm (RAVDESS only; often merged into neutral).</summary>
    Calm,
    /// <summary>Happy / happiness / joy (IEMOCAP "excited" can be merged here).</summary>
    Happy,
    /// <summary>Sad / sadness.</summary>
    Sad,
    /// <summary>Angry / anger.</summary>
    Angry,
    /// <summary>Fearful / fear.</summary>
    Fearful,
    /// <summary>Disgust.</summary>
    Disgust,
    /// <summary>Surprised / (pleasant) surprise.</summary>
    Surprised,
    /// <summary>Bored / boredom (EMO-DB).</summary>
    Bored,
}

/// <summary>Speaker gender as given by a corpus.</summary>
public enum Gender
{
    /// <summary>Not given by the corpus.</summary>
    Unknown,
    /// <summary>Female.</summary>
    Female,
    /// <summary>Male.</summary>
    Male,
}

/// <summary>Parsing and naming of <see cref="Gender"/> values, as corpus files and data columns spell them.</summary>
public static class Genders
{
    /// <summary>"female" or "f" → Female, "male" or "m" → Male (any case, surrounding spaces ignored), anything else → Unknown.</summary>
    public static Gender Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        return text.Equals("female", StringComparison.OrdinalIgnoreCase) || text.Equals("f", StringComparison.OrdinalIgnoreCase) ? Gender.Female
            : text.Equals("male", StringComparison.OrdinalIgnoreCase) || text.Equals("m", StringComparison.OrdinalIgnoreCase) ? Gender.Male
            : Gender.Unknown;
    }

    /// <summary>"female", "male", or "" for <see cref="Gender.Unknown"/>.</summary>
    public static string Name(this Gender gender) => gender switch { Gender.Female => "female", Gender.Male => "male", _ => "" };
}

/// <summary>Parsing and naming of <see cref="Emotion"/> values.</summary>
public static class Emotions
{
    /// <summary>All canonical emotions, in enum order.</summary>
    public static IReadOnlyList<Emotion> All { get; } = Enum.GetValues<Emotion>();

    /// <summary>The lower-case canonical name ("neutral", "calm", …).</summary>
    public static string Name(this Emotion emotion) => emotion switch
    {
        Emotion.Neutral => "neutral",
        Emotion.Calm => "calm",
        Emotion.Happy => "happy",
        Emotion.Sad => "sad",
        Emotion.Angry => "angry",
        Emotion.Fearful => "fearful",
        Emotion.Disgust => "disgust",
        Emotion.Surprised => "surprised",
        Emotion.Bored => "bored",
        _ => throw new ArgumentOutOfRangeException(nameof(emotion), emotion, "unknown emotion"),
    };

    /// <summary>
    /// Parses a canonical name or a common synonym ("anger", "happiness", "fear", "sadness",
    /// "surprise", "boredom", "disgusted", "joy"), case-insensitively.
    /// </summary>
    public static bool TryParse(string? text, out Emotion emotion)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "neutral": emotion = Emotion.Neutral; return true;
            case "calm": emotion = Emotion.Calm; return true;
            case "happy" or "happiness" or "joy": emotion = Emotion.Happy; return true;
            case "sad" or "sadness": emotion = Emotion.Sad; return true;
            case "angry" or "anger": emotion = Emotion.Angry; return true;
            case "fearful" or "fear": emotion = Emotion.Fearful; return true;
            case "disgust" or "disgusted": emotion = Emotion.Disgust; return true;
            case "surprised" or "surprise": emotion = Emotion.Surprised; return true;
            case "bored" or "boredom": emotion = Emotion.Bored; return true;
            default: emotion = default; return false;
        }
    }

    /// <summary>Parses like <see cref="TryParse"/>; throws <see cref="UnknownLabelException"/> otherwise.</summary>
    public static Emotion Parse(string text) =>
        TryParse(text, out Emotion e) ? e : throw new UnknownLabelException(text, All.Select(x => x.Name()).ToArray());
}
