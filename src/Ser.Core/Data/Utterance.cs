using Ser.Core.Audio;

namespace Ser.Core.Data;

/// <summary>
/// One labelled recording of a corpus. The audio is not read until <see cref="LoadAudio"/> is
/// called, so a corpus of any size loads instantly.
/// </summary>
/// <param name="Path">Full path of the audio file.</param>
/// <param name="Corpus">Corpus name ("RAVDESS", "CREMA-D", …, or the manifest's name).</param>
/// <param name="Emotion">The canonical emotion.</param>
/// <param name="Speaker">Speaker identifier, unique within the corpus ("Actor_01", "1001", …).</param>
/// <param name="Gender">Speaker gender, when the corpus gives it.</param>
/// <param name="Attributes">Other fields the corpus provides (intensity, statement, repetition, …).</param>
public sealed record Utterance(string Path, string Corpus, Emotion Emotion, string Speaker, Gender Gender,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Stable identifier: corpus and file name without extension.</summary>
    public string Id => Corpus + "/" + System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Reads the audio (mixed to mono by default).</summary>
    /// <exception cref="AudioFormatException">The file cannot be read or decoded.</exception>
    public AudioClip LoadAudio(WavReadOptions? options = null) => AudioClip.Load(Path, options);

    /// <summary>An attribute's value, or null.</summary>
    public string? Attribute(string name) => Attributes.TryGetValue(name, out string? v) ? v : null;
}
