namespace Ser.Core.Data.Corpora;

/// <summary>
/// SAVEE (Surrey audio-visual expressed emotion): four male speakers DC, JE, JK, KL; files
/// "DC_a01.wav" or "DC/a01.wav"; emotion prefix a (anger), d (disgust), f (fear), h (happiness),
/// n (neutral), sa (sadness), su (surprise), then the sentence number.
/// </summary>
public static class SaveeReader
{
    /// <summary>Corpus name.</summary>
    public const string Name = "SAVEE";

    private static readonly string[] Speakers = { "DC", "JE", "JK", "KL" };

    /// <summary>Reads every WAV under <paramref name="root"/>.</summary>
    public static Corpus Read(string root, CorpusReadOptions? options = null)
    {
        var b = new CorpusBuilder(Name, options);
        foreach (string file in CorpusBuilder.WavFiles(root))
        {
            string stem = Path.GetFileNameWithoutExtension(file);
            string speaker, code;
            int underscore = stem.IndexOf('_');
            if (underscore > 0)
            {
                speaker = stem[..underscore].ToUpperInvariant();
                code = stem[(underscore + 1)..];
            }
            else
            {
                speaker = (Path.GetFileName(Path.GetDirectoryName(file)) ?? "").ToUpperInvariant();
                code = stem;
            }
            string letters = new string(code.TakeWhile(char.IsAsciiLetter).ToArray()).ToLowerInvariant();
            string number = code[letters.Length..];
            Emotion? e = letters switch
            {
                "a" => Emotion.Angry, "d" => Emotion.Disgust, "f" => Emotion.Fearful, "h" => Emotion.Happy,
                "n" => Emotion.Neutral, "sa" => Emotion.Sad, "su" => Emotion.Surprised, _ => null,
            };
            if (!Speakers.Contains(speaker)) b.Problem(file, $"speaker '{speaker}' is not one of DC, JE, JK, KL");
            else if (e is null || number.Length == 0 || !number.All(char.IsAsciiDigit)) b.Problem(file, $"'{code}' is not an emotion prefix (a, d, f, h, n, sa, su) and a number");
            else b.Add(file, e.Value, speaker, Gender.Male, new Dictionary<string, string> { ["sentence"] = number });
        }
        return b.Build();
    }
}
