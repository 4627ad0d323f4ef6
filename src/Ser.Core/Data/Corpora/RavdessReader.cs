using System.Globalization;

namespace Ser.Core.Data.Corpora;

/// <summary>
/// RAVDESS (Livingstone &amp; Russo 2018): file names "MM-VC-EE-II-SS-RR-AA.wav" — modality
/// (01 audio-video, 02 video, 03 audio), vocal channel (01 speech, 02 song), emotion (01 neutral,
/// 02 calm, 03 happy, 04 sad, 05 angry, 06 fearful, 07 disgust, 08 surprised), intensity (01 normal,
/// 02 strong; neutral has no strong), statement (01 "Kids are talking by the door", 02 "Dogs are
/// sitting by the door"), repetition (01, 02), actor (01–24; odd = male). Speaker = "Actor_NN".
/// </summary>
public static class RavdessReader
{
    /// <summary>Corpus name.</summary>
    public const string Name = "RAVDESS";

    private static readonly Emotion[] Codes =
    {
        Emotion.Neutral, Emotion.Calm, Emotion.Happy, Emotion.Sad, Emotion.Angry, Emotion.Fearful, Emotion.Disgust, Emotion.Surprised,
    };

    private static readonly string[] Statements = { "Kids are talking by the door", "Dogs are sitting by the door" };

    /// <summary>Reads every WAV under <paramref name="root"/> (recursively).</summary>
    public static Corpus Read(string root, CorpusReadOptions? options = null)
    {
        var b = new CorpusBuilder(Name, options);
        foreach (string file in CorpusBuilder.WavFiles(root))
        {
            if (TryParse(Path.GetFileName(file), out var info, out string? reason))
            {
                b.Add(file, info.Emotion, info.Speaker, info.Gender, info.Attributes);
            }
            else
            {
                b.Problem(file, reason!);
            }
        }
        return b.Build();
    }

    /// <summary>What a RAVDESS file name says.</summary>
    public readonly record struct FileInfo(Emotion Emotion, string Speaker, Gender Gender, IReadOnlyDictionary<string, string> Attributes);

    /// <summary>Parses a RAVDESS file name; on failure <paramref name="reason"/> says why.</summary>
    public static bool TryParse(string fileName, out FileInfo info, out string? reason)
    {
        info = default;
        string stem = Path.GetFileNameWithoutExtension(fileName);
        string[] parts = stem.Split('-');
        if (parts.Length != 7)
        {
            reason = $"expected 7 dash-separated two-digit codes (MM-VC-EE-II-SS-RR-AA), found {parts.Length} fields";
            return false;
        }
        var v = new int[7];
        for (int i = 0; i < 7; i++)
        {
            if (parts[i].Length != 2 || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out v[i]))
            {
                reason = $"field {i + 1} '{parts[i]}' is not a two-digit code";
                return false;
            }
        }
        reason = v switch
        {
            _ when v[0] is < 1 or > 3 => $"modality {v[0]:D2} is not 01–03",
            _ when v[1] is < 1 or > 2 => $"vocal channel {v[1]:D2} is not 01–02",
            _ when v[2] is < 1 or > 8 => $"emotion {v[2]:D2} is not 01–08",
            _ when v[3] is < 1 or > 2 => $"intensity {v[3]:D2} is not 01–02",
            _ when v[2] == 1 && v[3] == 2 => "neutral has no strong intensity (emotion 01 with intensity 02)",
            _ when v[4] is < 1 or > 2 => $"statement {v[4]:D2} is not 01–02",
            _ when v[5] is < 1 or > 2 => $"repetition {v[5]:D2} is not 01–02",
            _ when v[6] is < 1 or > 24 => $"actor {v[6]:D2} is not 01–24",
            _ => null,
        };
        if (reason is not null) return false;
        var attributes = new Dictionary<string, string>
        {
            ["modality"] = v[0] switch { 1 => "audio-video", 2 => "video", _ => "audio" },
            ["channel"] = v[1] == 1 ? "speech" : "song",
            ["intensity"] = v[3] == 1 ? "normal" : "strong",
            ["statement"] = Statements[v[4] - 1],
            ["repetition"] = v[5].ToString(CultureInfo.InvariantCulture),
        };
        info = new FileInfo(Codes[v[2] - 1], $"Actor_{v[6]:D2}", v[6] % 2 == 1 ? Gender.Male : Gender.Female, attributes);
        return true;
    }
}
