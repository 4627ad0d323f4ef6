namespace Ser.Core.Pipeline;

/// <summary>One example flowing through a pipeline: named column values.</summary>
public sealed class SerRow
{
    private readonly Dictionary<string, object> _values;

    /// <summary>Creates an empty row.</summary>
    public SerRow() => _values = new Dictionary<string, object>(StringComparer.Ordinal);

    private SerRow(Dictionary<string, object> values) => _values = new Dictionary<string, object>(values, StringComparer.Ordinal);

    /// <summary>A row holding a clip, its id (the clip's source when omitted) and optional label and speaker.</summary>
    /// <param name="clip">The audio.</param>
    /// <param name="clipId">Identifier; defaults to <see cref="Audio.AudioClip.Source"/>.</param>
    /// <param name="label">Emotion label, if known.</param>
    /// <param name="speaker">Speaker, if known.</param>
    public static SerRow FromClip(Audio.AudioClip clip, string? clipId = null, string? label = null, string? speaker = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var r = new SerRow();
        r.Set(Columns.Audio, clip);
        r.Set(Columns.ClipId, clipId ?? clip.Source);
        if (label != null) r.Set(Columns.Label, label);
        if (speaker != null) r.Set(Columns.Speaker, speaker);
        return r;
    }

    /// <summary>Column names present.</summary>
    public IEnumerable<string> ColumnNames => _values.Keys;

    /// <summary>Gets a column value.</summary>
    /// <typeparam name="T">Expected type.</typeparam>
    /// <param name="name">Column name.</param>
    /// <exception cref="KeyNotFoundException">The column is missing.</exception>
    /// <exception cref="InvalidCastException">The value has another type.</exception>
    public T Get<T>(string name)
    {
        if (!_values.TryGetValue(name, out var v))
            throw new KeyNotFoundException($"Row has no column '{name}' (it has: {string.Join(", ", _values.Keys)}).");
        return v is T t ? t : throw new InvalidCastException($"Column '{name}' holds {v.GetType().Name}, not {typeof(T).Name}.");
    }

    /// <summary>True when the column is present.</summary>
    /// <param name="name">Column name.</param>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Sets a column value.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="value">Value (not null).</param>
    public void Set(string name, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _values[name] = value;
    }

    /// <summary>A shallow copy (values are shared; transformers add columns to copies, never to their input).</summary>
    public SerRow Clone() => new(_values);
}
