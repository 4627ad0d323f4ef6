using System.Text.RegularExpressions;
using Ser.Core.Data;
using Ser.Core.Tests.Support;
using Ser.Samples;
using Xunit;

namespace Ser.Core.Tests.Samples;

[Collection(LibtorchCollection.Name)]
public sealed class QuickStartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-quickstart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A folder laid out like RAVDESS: 4 actors (odd = male) × 4 emotions × 2 statements of generated speech.</summary>
    private string FakeRavdess()
    {
        string root = Path.Combine(_dir, "ravdess");
        var codes = new Dictionary<Emotion, string> { [Emotion.Neutral] = "01", [Emotion.Happy] = "03", [Emotion.Sad] = "04", [Emotion.Angry] = "05" };
        var corpus = SyntheticCorpus.Generate(LabelSet.Paper4, speakers: 4, utterancesPerEmotion: 2, seed: 3, seconds: 1.5);
        var takes = new Dictionary<(string, Emotion), int>();
        var speakers = corpus.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var u in corpus)
        {
            int actor = speakers.IndexOf(u.Speaker) + 1;
            int take = takes[(u.Speaker, u.Emotion)] = takes.GetValueOrDefault((u.Speaker, u.Emotion)) + 1;
            string folder = Path.Combine(root, $"Actor_{actor:D2}");
            Directory.CreateDirectory(folder);
            u.Clip.Save(Path.Combine(folder, $"03-01-{codes[u.Emotion]}-01-{take:D2}-01-{actor:D2}.wav"));
        }
        return root;
    }

    [Fact]
    public void TheQuickStartCrossValidatesSavesLoadsAndScoresWavFiles()
    {
        var log = new StringWriter();
        string model = Path.Combine(_dir, "emotion.zip");
        var (predictions, ua) = QuickStart.Run(FakeRavdess(), model, epochs: 1, folds: 2, log);
        Assert.Equal(2, ua.Count);
        Assert.All(ua, u => Assert.InRange(u, 0, 1));
        Assert.True(File.Exists(model));
        Assert.Equal(3, predictions.Count);
        Assert.All(predictions, p =>
        {
            Assert.Contains(p.PredictedLabel, new[] { "angry", "happy", "neutral", "sad" });
            Assert.Equal(4, p.Score.Length);
            Assert.Equal(1, p.Score.Sum(), 3);
        });
        Assert.Contains("UA by speaker fold", log.ToString());
    }

    [Fact]
    public void TheReadmeShowsTheQuickStartCode()
    {
        string root = SharedData.RepositoryRoot;
        string sample = File.ReadAllText(Path.Combine(root, "samples", "QuickStart", "QuickStart.cs"));
        var region = Regex.Match(sample, @"// <quickstart>\r?\n(.*?)\r?\n\s*// </quickstart>", RegexOptions.Singleline);
        Assert.True(region.Success, "QuickStart.cs has no quickstart markers");
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.Contains(Normalise(region.Groups[1].Value), Normalise(readme));
    }

    /// <summary>Lines trimmed, blank lines dropped: the README may indent the block differently.</summary>
    private static string Normalise(string code) =>
        string.Join("\n", code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}
