using System.Text.RegularExpressions;

namespace Ser.Core.Data.Corpora;

/// <summary>
/// A folder per label: root/&lt;label&gt;/**.wav, where the folder name is an emotion name or synonym.
/// The speaker comes from <see cref="FolderPerLabelOptions.SpeakerPattern"/> applied to the file
/// name (first capture group), or is "unknown".
/// </summary>
public static class FolderPerLabelReader
{
    /// <summary>Reads the corpus.</summary>
    public static Corpus Read(string root, FolderPerLabelOptions? folder = null, CorpusReadOptions? options = null)
    {
        folder ??= new FolderPerLabelOptions();
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"corpus folder '{root}' does not exist");
        var b = new CorpusBuilder(folder.Name, options);
        Regex? speaker = folder.SpeakerPattern is null ? null : new Regex(folder.SpeakerPattern, RegexOptions.CultureInvariant);
        foreach (string dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            string label = Path.GetFileName(dir);
            bool known = Emotions.TryParse(label, out Emotion e);
            foreach (string file in CorpusBuilder.WavFiles(dir))
            {
                if (!known)
                {
                    b.Problem(file, $"folder '{label}' is not an emotion name");
                    continue;
                }
                string who = "unknown";
                if (speaker is not null)
                {
                    Match m = speaker.Match(Path.GetFileName(file));
                    if (!m.Success || m.Groups.Count < 2)
                    {
                        b.Problem(file, $"speaker pattern '{folder.SpeakerPattern}' does not match the file name");
                        continue;
                    }
                    who = m.Groups[1].Value;
                }
                b.Add(file, e, who, Gender.Unknown);
            }
        }
        return b.Build();
    }
}

/// <summary>Options of <see cref="FolderPerLabelReader"/>.</summary>
public sealed class FolderPerLabelOptions
{
    /// <summary>Corpus name. Default "folders".</summary>
    public string Name { get; init; } = "folders";

    /// <summary>Regular expression on the file name whose first group is the speaker (e.g. <c>^(\w+?)_</c>). Default none.</summary>
    public string? SpeakerPattern { get; init; }
}
