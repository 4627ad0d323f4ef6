namespace Ser.Core.Data.Corpora;

/// <summary>
/// EMO-DB (Berlin database of emotional speech): "SSTTTEV.wav", e.g. 03a01Fa — speaker (03, 08,
/// 09, 10, 11, 12, 13, 14, 15, 16; male 03, 10, 11, 12, 15), text code (a01…b10), emotion letter
/// (W anger, L boredom, E disgust, A fear, F happiness, T sadness, N neutral), version letter.
/// </summary>
public static class EmoDbReader
{
    /// <summary>Corpus name.</summary>
    public const string Name = "EMO-DB";

    private static readonly HashSet<string> Male = new() { "03", "10", "11", "12", "15" };
    private static readonly HashSet<string> Female = new() { "08", "09", "13", "14", "16" };

    /// <summary>Reads every WAV under <paramref name="root"/>.</summary>
    public static Corpus Read(string root, CorpusReadOptions? options = null)
    {
        var b = new CorpusBuilder(Name, options);
        foreach (string file in CorpusBuilder.WavFiles(root))
        {
            string s = Path.GetFileNameWithoutExtension(file);
            if (s.Length != 7)
            {
                b.Problem(file, "expected 7 characters: speaker (2), text (3), emotion (1), version (1), e.g. 03a01Fa");
                continue;
            }
            string speaker = s[..2];
            Emotion? e = s[5] switch
            {
                'W' => Emotion.Angry, 'L' => Emotion.Bored, 'E' => Emotion.Disgust, 'A' => Emotion.Fearful,
                'F' => Emotion.Happy, 'T' => Emotion.Sad, 'N' => Emotion.Neutral, _ => null,
            };
            if (!Male.Contains(speaker) && !Female.Contains(speaker)) b.Problem(file, $"speaker '{speaker}' is not an EMO-DB speaker");
            else if (e is null) b.Problem(file, $"emotion letter '{s[5]}' is not one of W, L, E, A, F, T, N");
            else b.Add(file, e.Value, speaker, Male.Contains(speaker) ? Gender.Male : Gender.Female,
                new Dictionary<string, string> { ["text"] = s[2..5], ["version"] = s[6..] });
        }
        return b.Build();
    }
}
