namespace Ser.Core.Data.Corpora;

/// <summary>
/// CREMA-D (Cao et al. 2014): "AAAA_SSS_EEE_LL.wav" — actor 1001–1091, sentence code, emotion
/// (ANG, DIS, FEA, HAP, NEU, SAD), level (LO, MD, HI, XX). Gender comes from VideoDemographics.csv
/// (columns ActorID, …, Sex) when it is in the root folder or its parent; otherwise Unknown.
/// </summary>
public static class CremaDReader
{
    /// <summary>Corpus name.</summary>
    public const string Name = "CREMA-D";

    private static readonly Dictionary<string, Emotion> Codes = new(StringComparer.Ordinal)
    {
        ["ANG"] = Emotion.Angry, ["DIS"] = Emotion.Disgust, ["FEA"] = Emotion.Fearful,
        ["HAP"] = Emotion.Happy, ["NEU"] = Emotion.Neutral, ["SAD"] = Emotion.Sad,
    };

    /// <summary>Reads every WAV under <paramref name="root"/>.</summary>
    public static Corpus Read(string root, CorpusReadOptions? options = null)
    {
        var b = new CorpusBuilder(Name, options);
        var genders = Demographics(root);
        foreach (string file in CorpusBuilder.WavFiles(root))
        {
            string[] p = Path.GetFileNameWithoutExtension(file).Split('_');
            if (p.Length != 4 || p[0].Length != 4 || !p[0].All(char.IsAsciiDigit))
            {
                b.Problem(file, "expected ActorID_Sentence_Emotion_Level (e.g. 1001_DFA_ANG_XX)");
                continue;
            }
            if (!Codes.TryGetValue(p[2], out Emotion e))
            {
                b.Problem(file, $"unknown emotion code '{p[2]}' (ANG, DIS, FEA, HAP, NEU, SAD)");
                continue;
            }
            b.Add(file, e, p[0], genders.TryGetValue(p[0], out Gender g) ? g : Gender.Unknown,
                new Dictionary<string, string> { ["sentence"] = p[1], ["level"] = p[3] });
        }
        return b.Build();
    }

    private static Dictionary<string, Gender> Demographics(string root)
    {
        var result = new Dictionary<string, Gender>(StringComparer.Ordinal);
        string? file = new[] { root, Path.Combine(root, "..") }.Select(d => Path.Combine(d, "VideoDemographics.csv")).FirstOrDefault(File.Exists);
        if (file is null) return result;
        var rows = Csv.ReadFile(file);
        if (rows.Count == 0) return result;
        int id = rows[0].FindIndex(h => h.Equals("ActorID", StringComparison.OrdinalIgnoreCase));
        int sex = rows[0].FindIndex(h => h.Equals("Sex", StringComparison.OrdinalIgnoreCase));
        if (id < 0 || sex < 0) return result;
        foreach (var row in rows.Skip(1))
        {
            if (row.Count <= Math.Max(id, sex)) continue;
            result[row[id]] = row[sex].StartsWith("F", StringComparison.OrdinalIgnoreCase) ? Gender.Female : Gender.Male;
        }
        return result;
    }
}
