using System.Globalization;

namespace Ser.Core.Data.Corpora;

/// <summary>
/// IEMOCAP (Busso et al. 2008) from its release layout: SessionN/dialog/EmoEvaluation/*.txt hold
/// lines "[start - end]\tSes01F_impro01_F000\tneu\t[v, a, d]"; the audio is
/// SessionN/sentences/wav/&lt;dialog&gt;/&lt;utterance&gt;.wav. Speaker = session + the utterance's
/// speaker letter ("Ses01F"), so the ten actors are ten speakers. Labels: neu, hap, sad, ang, fea,
/// sur, dis map to the canonical set; exc (excited) maps to happy when
/// <see cref="IemocapOptions.MergeExcitedIntoHappy"/>; fru, oth, xxx are excluded (listed in the
/// report with the reason).
/// </summary>
public static class IemocapReader
{
    /// <summary>Corpus name.</summary>
    public const string Name = "IEMOCAP";

    /// <summary>Reads the sessions under <paramref name="root"/>.</summary>
    public static Corpus Read(string root, IemocapOptions? iemocap = null, CorpusReadOptions? options = null)
    {
        iemocap ??= new IemocapOptions();
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"corpus folder '{root}' does not exist");
        var b = new CorpusBuilder(Name, options);
        foreach (string session in Directory.EnumerateDirectories(root, "Session*").Order(StringComparer.Ordinal))
        {
            string evalDir = Path.Combine(session, "dialog", "EmoEvaluation");
            if (!Directory.Exists(evalDir))
            {
                b.Problem(session, "no dialog/EmoEvaluation folder");
                continue;
            }
            foreach (string evalFile in Directory.EnumerateFiles(evalDir, "*.txt").Order(StringComparer.Ordinal))
            {
                foreach (string line in File.ReadLines(evalFile))
                {
                    if (!line.StartsWith('[')) continue;
                    string[] f = line.Split('\t');
                    if (f.Length < 3)
                    {
                        b.Problem(evalFile, $"unreadable line '{line}'");
                        continue;
                    }
                    string utt = f[1].Trim(), label = f[2].Trim();
                    int last = utt.LastIndexOf('_');
                    if (last < 0 || utt.Length < 6)
                    {
                        b.Problem(evalFile, $"unreadable utterance id '{utt}'");
                        continue;
                    }
                    string dialog = utt[..last];
                    bool improvised = dialog.Contains("_impro", StringComparison.Ordinal);
                    if (iemocap.Improvisation == IemocapSubset.ImprovisedOnly && !improvised) continue;
                    if (iemocap.Improvisation == IemocapSubset.ScriptedOnly && improvised) continue;
                    string wav = Path.Combine(session, "sentences", "wav", dialog, utt + ".wav");
                    Emotion? e = label switch
                    {
                        "neu" => Emotion.Neutral, "hap" => Emotion.Happy, "sad" => Emotion.Sad, "ang" => Emotion.Angry,
                        "fea" => Emotion.Fearful, "sur" => Emotion.Surprised, "dis" => Emotion.Disgust,
                        "exc" when iemocap.MergeExcitedIntoHappy => Emotion.Happy,
                        _ => null,
                    };
                    if (e is null)
                    {
                        b.Problem(wav, $"label '{label}' is excluded (not in the canonical set)");
                        continue;
                    }
                    if (!File.Exists(wav))
                    {
                        b.Problem(wav, "audio file missing");
                        continue;
                    }
                    char speakerLetter = utt[last + 1];
                    string speaker = utt[..5] + speakerLetter;
                    string[] times = f[0].Trim('[', ']').Split('-', StringSplitOptions.TrimEntries);
                    var attributes = new Dictionary<string, string>
                    {
                        ["dialog"] = dialog, ["improvised"] = improvised ? "true" : "false", ["label"] = label,
                        ["start_s"] = times.Length == 2 ? times[0] : "", ["end_s"] = times.Length == 2 ? times[1] : "",
                        ["vad"] = f.Length > 3 ? f[3].Trim() : "",
                    };
                    b.Add(wav, e.Value, speaker, speakerLetter == 'F' ? Gender.Female : speakerLetter == 'M' ? Gender.Male : Gender.Unknown, attributes);
                }
            }
        }
        return b.Build();
    }
}

/// <summary>Which IEMOCAP dialogues to read.</summary>
public enum IemocapSubset
{
    /// <summary>Improvised and scripted.</summary>
    All,
    /// <summary>Improvised sessions only (the common SER protocol).</summary>
    ImprovisedOnly,
    /// <summary>Scripted sessions only.</summary>
    ScriptedOnly,
}

/// <summary>IEMOCAP reading options.</summary>
public sealed class IemocapOptions
{
    /// <summary>Which dialogues to read. Default <see cref="IemocapSubset.All"/>.</summary>
    public IemocapSubset Improvisation { get; init; } = IemocapSubset.All;

    /// <summary>Map "exc" (excited) to happy, as most IEMOCAP results do. Default true.</summary>
    public bool MergeExcitedIntoHappy { get; init; } = true;
}
