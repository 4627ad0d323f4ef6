namespace Ser.Core.Data;

/// <summary>
/// The classes a model predicts: an ordered subset of <see cref="Emotion"/> (class index = position),
/// plus merge rules that map other emotions onto a class (e.g. calm → neutral). Emotions that are
/// neither a class nor merged are excluded (<see cref="TryIndexOf"/> returns false).
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    private readonly int[] _index;   // per Emotion: class index, or -1

    /// <summary>Creates a label set.</summary>
    /// <param name="classes">The classes, in index order; no duplicates.</param>
    /// <param name="merges">Extra emotions mapped onto a class (source → target, target must be a class).</param>
    public LabelSet(IEnumerable<Emotion> classes, IReadOnlyDictionary<Emotion, Emotion>? merges = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        Classes = classes.ToArray();
        if (Classes.Count == 0) throw new ArgumentException("a label set needs at least one class", nameof(classes));
        _index = Enumerable.Repeat(-1, Emotions.All.Count).ToArray();
        for (int i = 0; i < Classes.Count; i++)
        {
            if (_index[(int)Classes[i]] >= 0) throw new ArgumentException($"'{Classes[i].Name()}' is listed twice", nameof(classes));
            _index[(int)Classes[i]] = i;
        }
        var m = new Dictionary<Emotion, Emotion>();
        foreach (var (source, target) in merges ?? new Dictionary<Emotion, Emotion>())
        {
            if (_index[(int)target] < 0) throw new ArgumentException($"merge target '{target.Name()}' is not a class", nameof(merges));
            if (_index[(int)source] >= 0 && Classes[_index[(int)source]] == source)
            {
                throw new ArgumentException($"'{source.Name()}' is a class and cannot also be merged", nameof(merges));
            }
            _index[(int)source] = _index[(int)target];
            m[source] = target;
        }
        Merges = m;
    }

    /// <summary>The classes in index order.</summary>
    public IReadOnlyList<Emotion> Classes { get; }

    /// <summary>Emotions merged into a class.</summary>
    public IReadOnlyDictionary<Emotion, Emotion> Merges { get; }

    /// <summary>Number of classes.</summary>
    public int Count => Classes.Count;

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> Names => Classes.Select(c => c.Name()).ToArray();

    /// <summary>RAVDESS's eight emotions (neutral, calm, happy, sad, angry, fearful, disgust, surprised).</summary>
    public static LabelSet Ravdess8 { get; } = new(new[]
    {
        Emotion.Neutral, Emotion.Calm, Emotion.Happy, Emotion.Sad, Emotion.Angry, Emotion.Fearful, Emotion.Disgust, Emotion.Surprised,
    });

    /// <summary>The founding paper's four classes: angry, happy, neutral, sad (calm excluded).</summary>
    public static LabelSet Paper4 { get; } = new(new[] { Emotion.Angry, Emotion.Happy, Emotion.Neutral, Emotion.Sad });

    /// <summary>The paper's four classes with calm merged into neutral.</summary>
    public static LabelSet Paper4CalmAsNeutral { get; } =
        new(new[] { Emotion.Angry, Emotion.Happy, Emotion.Neutral, Emotion.Sad }, new Dictionary<Emotion, Emotion> { [Emotion.Calm] = Emotion.Neutral });

    /// <summary>All nine canonical emotions.</summary>
    public static LabelSet All { get; } = new(Emotions.All);

    /// <summary>The class index of <paramref name="emotion"/>, or false when it is excluded.</summary>
    public bool TryIndexOf(Emotion emotion, out int index)
    {
        index = (uint)emotion < (uint)_index.Length ? _index[(int)emotion] : -1;
        return index >= 0;
    }

    /// <summary>The class index of <paramref name="emotion"/>; throws <see cref="UnknownLabelException"/> when excluded.</summary>
    public int IndexOf(Emotion emotion) =>
        TryIndexOf(emotion, out int i) ? i : throw new UnknownLabelException(emotion.Name(), Names);

    /// <summary>The class index of a label name (canonical name or synonym).</summary>
    public int IndexOf(string label) => IndexOf(Emotions.Parse(label));

    /// <summary>The class at <paramref name="index"/>.</summary>
    public Emotion this[int index] => Classes[index];

    /// <summary>Names and merges, e.g. "angry,happy,neutral,sad (calm→neutral)".</summary>
    public override string ToString() =>
        string.Join(",", Names) + (Merges.Count == 0 ? "" : " (" + string.Join(", ", Merges.Select(m => $"{m.Key.Name()}→{m.Value.Name()}")) + ")");

    /// <inheritdoc />
    public bool Equals(LabelSet? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
