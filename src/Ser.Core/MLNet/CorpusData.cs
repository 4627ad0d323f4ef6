using Microsoft.ML;
using Ser.Core.Data;

namespace Ser.Core.MLNet;

/// <summary>A corpus as an <see cref="IDataView"/>: one row per clip, every column text.</summary>
internal static class CorpusData
{
    /// <summary>The fixed columns, in order; the corpus's own attributes follow, sorted by name.</summary>
    public static readonly string[] Columns = ["Path", "Label", "Speaker", "Gender", "Corpus", "Id"];

    public static IDataView ToDataView(Corpus corpus, LabelSet? labels)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var utterances = labels is null ? corpus.Utterances : corpus.Select(labels);
        var attributes = utterances.SelectMany(u => u.Attributes.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        foreach (var a in attributes)
            if (Columns.Contains(a, StringComparer.Ordinal)) throw new ArgumentException($"the corpus attribute '{a}' clashes with a fixed column");
        var rows = utterances.Select(u =>
        {
            var row = new string[Columns.Length + attributes.Length];
            row[0] = u.Path;
            row[1] = (labels is null ? u.Emotion : labels[labels.IndexOf(u.Emotion)]).Name();
            row[2] = u.Speaker;
            row[3] = u.Gender.Name();
            row[4] = u.Corpus;
            row[5] = u.Id;
            for (int i = 0; i < attributes.Length; i++) row[Columns.Length + i] = u.Attribute(attributes[i]) ?? "";
            return row;
        });
        return new TextTable([.. Columns, .. attributes], rows);
    }
}
