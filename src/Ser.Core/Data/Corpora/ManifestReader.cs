namespace Ser.Core.Data.Corpora;

/// <summary>
/// A CSV manifest with a header row: <c>path</c> (relative to the manifest's folder, or absolute),
/// <c>emotion</c> or <c>label</c> (a canonical name or synonym), optional <c>speaker</c> and
/// <c>gender</c> (female/male/f/m); every other column becomes an attribute. Rows with unknown
/// labels, missing files or a wrong field count go to the load report.
/// </summary>
public static class ManifestReader
{
    /// <summary>Reads the manifest; the corpus is named after its folder unless <paramref name="name"/> is given.</summary>
    public static Corpus Read(string manifestPath, string? name = null, CorpusReadOptions? options = null)
    {
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"manifest '{manifestPath}' does not exist", manifestPath);
        string dir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        name ??= Path.GetFileName(dir).ToUpperInvariant();
        List<List<string>> rows;
        try
        {
            rows = Csv.ReadFile(manifestPath);
        }
        catch (FormatException e)
        {
            throw new CorpusFormatException(manifestPath, e.Message, e);
        }
        if (rows.Count == 0) throw new CorpusFormatException(manifestPath, "empty manifest (no header row)");
        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        int path = header.IndexOf("path");
        int label = header.IndexOf("emotion") is int ei and >= 0 ? ei : header.IndexOf("label");
        int speaker = header.IndexOf("speaker"), gender = header.IndexOf("gender");
        if (path < 0 || label < 0) throw new CorpusFormatException(manifestPath, "the header needs a 'path' and an 'emotion' (or 'label') column");
        var b = new CorpusBuilder(name, options);
        for (int r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            string where = $"{manifestPath}:{r + 1}";
            if (row.Count != header.Count)
            {
                b.Problem(where, $"{row.Count} fields, the header has {header.Count}");
                continue;
            }
            if (!Emotions.TryParse(row[label], out Emotion e))
            {
                b.Problem(where, $"unknown label '{row[label]}'");
                continue;
            }
            string file = Path.IsPathRooted(row[path]) ? row[path] : Path.Combine(dir, row[path]);
            if (!File.Exists(file))
            {
                b.Problem(file, $"listed on line {r + 1} but missing");
                continue;
            }
            Gender g = gender < 0 ? Gender.Unknown : Genders.Parse(row[gender]);
            var attributes = new Dictionary<string, string>();
            for (int c = 0; c < header.Count; c++)
            {
                if (c != path && c != label && c != speaker && c != gender) attributes[header[c]] = row[c];
            }
            b.Add(file, e, speaker < 0 || row[speaker].Length == 0 ? "unknown" : row[speaker], g, attributes);
        }
        return b.Build();
    }
}
