namespace Ser.Core.Data.Corpora;

/// <summary>
/// TESS (Toronto emotional speech set): "OAF_word_emotion.wav" / "YAF_word_emotion.wav" — two
/// female speakers (older OAF, younger YAF), emotions angry, disgust, fear, happy, neutral, ps
/// (pleasant surprise), sad.
/// </summary>
public static class TessReader
{
    /// <summary>Corpus name.</summary>
    public const string Name = "TESS";

    /// <summary>Reads every WAV under <paramref name="root"/>.</summary>
    public static Corpus Read(string root, CorpusReadOptions? options = null)
    {
        var b = new CorpusBuilder(Name, options);
        foreach (string file in CorpusBuilder.WavFiles(root))
        {
            string[] p = Path.GetFileNameWithoutExtension(file).Split('_');
            string speaker = p[0].ToUpperInvariant();
            if (p.Length < 3 || speaker is not ("OAF" or "YAF"))
            {
                b.Problem(file, "expected OAF_word_emotion or YAF_word_emotion");
                continue;
            }
            string code = p[^1].ToLowerInvariant();
            Emotion emotion = Emotion.Surprised;
            if (code != "ps" && !Emotions.TryParse(code, out emotion))
            {
                b.Problem(file, $"unknown emotion '{p[^1]}'");
                continue;
            }
            b.Add(file, emotion, speaker, Gender.Female, new Dictionary<string, string> { ["word"] = string.Join('_', p[1..^1]) });
        }
        return b.Build();
    }
}
