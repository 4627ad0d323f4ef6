namespace Ser.Core.Data;

/// <summary>A loaded corpus: its utterances (audio not yet read) and the files that were skipped.</summary>
public sealed class Corpus
{
    /// <summary>Creates a corpus.</summary>
    public Corpus(string name, IReadOnlyList<Utterance> utterances, IReadOnlyList<LoadProblem>? problems = null)
    {
        Name = name;
        Utterances = utterances;
        Problems = problems ?? Array.Empty<LoadProblem>();
    }

    /// <summary>Corpus name.</summary>
    public string Name { get; }

    /// <summary>The usable utterances, sorted by path.</summary>
    public IReadOnlyList<Utterance> Utterances { get; }

    /// <summary>Skipped files with reasons (the load report).</summary>
    public IReadOnlyList<LoadProblem> Problems { get; }

    /// <summary>Distinct speakers, sorted.</summary>
    public IReadOnlyList<string> Speakers => Utterances.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The utterances whose emotion is in <paramref name="labels"/> (directly or merged).</summary>
    public IReadOnlyList<Utterance> Select(LabelSet labels) => Utterances.Where(u => labels.TryIndexOf(u.Emotion, out _)).ToArray();

    /// <summary>Utterances per emotion.</summary>
    public IReadOnlyDictionary<Emotion, int> CountByEmotion() =>
        Utterances.GroupBy(u => u.Emotion).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>"RAVDESS: 1440 utterances, 24 speakers, 0 skipped".</summary>
    public override string ToString() => $"{Name}: {Utterances.Count} utterances, {Speakers.Count} speakers, {Problems.Count} skipped";
}
