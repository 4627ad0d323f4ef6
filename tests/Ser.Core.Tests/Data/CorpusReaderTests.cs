using Ser.Core.Data;
using Ser.Core.Data.Corpora;
using Ser.Core.Tests.Audio;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.Data;

public sealed class CorpusReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ser-corpus-").FullName;
    private static readonly byte[] Wav = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16(new short[160]));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(string relative, byte[]? content = null)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content ?? Wav);
        return path;
    }

    [Fact]
    public void RavdessNamesGiveEmotionActorGenderAndAttributes()
    {
        Touch("Actor_01/03-01-05-02-01-02-01.wav");
        Touch("Actor_02/03-01-02-01-02-01-02.wav");
        var corpus = RavdessReader.Read(_root);
        Assert.Equal(2, corpus.Utterances.Count);
        var a = corpus.Utterances[0];
        Assert.Equal((Emotion.Angry, "Actor_01", Gender.Male), (a.Emotion, a.Speaker, a.Gender));
        Assert.Equal("strong", a.Attribute("intensity"));
        Assert.Equal("Kids are talking by the door", a.Attribute("statement"));
        Assert.Equal("2", a.Attribute("repetition"));
        var b = corpus.Utterances[1];
        Assert.Equal((Emotion.Calm, "Actor_02", Gender.Female), (b.Emotion, b.Speaker, b.Gender));
        Assert.Empty(corpus.Problems);
    }

    [Theory]
    [InlineData("03-01-09-01-01-01-01.wav", "emotion 09")]
    [InlineData("03-01-01-02-01-01-01.wav", "neutral has no strong")]
    [InlineData("03-01-05-01-01-01-25.wav", "actor 25")]
    [InlineData("03-01-05-01-01-01.wav", "7 dash-separated")]
    [InlineData("03-01-0x-01-01-01-01.wav", "not a two-digit code")]
    public void UnparsableRavdessNamesGoToTheReportAndTheRestLoads(string name, string reason)
    {
        Touch("Actor_01/03-01-05-02-01-02-01.wav");
        string bad = Touch("Actor_01/" + name);
        var corpus = RavdessReader.Read(_root);
        Assert.Single(corpus.Utterances);
        var p = Assert.Single(corpus.Problems);
        Assert.Equal(bad, p.File);
        Assert.Contains(reason, p.Reason);
        Assert.Throws<CorpusFormatException>(() => RavdessReader.Read(_root, new CorpusReadOptions { Strict = true }));
    }

    [Fact]
    public void UnreadableFilesGoToTheReport()
    {
        Touch("Actor_01/03-01-05-02-01-02-01.wav");
        Touch("Actor_01/03-01-05-02-01-01-01.wav", new byte[] { 1, 2, 3 });
        Touch("Actor_01/03-01-05-01-01-01-01.wav", Array.Empty<byte>());
        var corpus = RavdessReader.Read(_root);
        Assert.Single(corpus.Utterances);
        Assert.Equal(2, corpus.Problems.Count);
        Assert.Contains(corpus.Problems, p => p.Reason == "empty file");
        Assert.Contains(corpus.Problems, p => p.Reason.Contains("RIFF"));
    }

    [Fact]
    public void OtherCorporaParseTheirNamingSchemes()
    {
        Touch("crema/1001_DFA_ANG_XX.wav");
        Touch("crema/1002_IEO_HAP_HI.wav");
        File.WriteAllText(Path.Combine(_root, "crema", "VideoDemographics.csv"), "ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,Caucasian,Not Hispanic\n1002,21,Female,Caucasian,Not Hispanic\n");
        var crema = CremaDReader.Read(Path.Combine(_root, "crema"));
        Assert.Equal(new[] { (Emotion.Angry, "1001", Gender.Male), (Emotion.Happy, "1002", Gender.Female) },
            crema.Utterances.Select(u => (u.Emotion, u.Speaker, u.Gender)));

        Touch("tess/OAF_back_angry.wav");
        Touch("tess/YAF_bean_ps.wav");
        var tess = TessReader.Read(Path.Combine(_root, "tess"));
        Assert.Equal(new[] { Emotion.Angry, Emotion.Surprised }, tess.Utterances.Select(u => u.Emotion));

        Touch("savee/DC_sa03.wav");
        Touch("savee/JK/su12.wav");
        var savee = SaveeReader.Read(Path.Combine(_root, "savee"));
        Assert.Equal(new[] { (Emotion.Sad, "DC"), (Emotion.Surprised, "JK") }, savee.Utterances.Select(u => (u.Emotion, u.Speaker)));

        Touch("emodb/03a01Wa.wav");
        Touch("emodb/08b02Lb.wav");
        var emodb = EmoDbReader.Read(Path.Combine(_root, "emodb"));
        Assert.Equal(new[] { (Emotion.Angry, Gender.Male), (Emotion.Bored, Gender.Female) }, emodb.Utterances.Select(u => (u.Emotion, u.Gender)));
    }

    [Fact]
    public void IemocapReadsEvaluationFilesAndFiltersImprovisation()
    {
        string eval = "% header\n[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]\n" +
                      "[9.0 - 10.0]\tSes01F_impro01_M001\texc\t[3.0, 4.0, 3.0]\n" +
                      "[11.0 - 12.0]\tSes01F_script01_1_F002\tfru\t[2.0, 3.0, 3.0]\n" +
                      "[13.0 - 14.0]\tSes01F_script01_1_M003\tang\t[2.0, 4.0, 4.0]\n";
        Directory.CreateDirectory(Path.Combine(_root, "Session1", "dialog", "EmoEvaluation"));
        File.WriteAllText(Path.Combine(_root, "Session1", "dialog", "EmoEvaluation", "Ses01F_impro01.txt"), eval);
        Touch("Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav");
        Touch("Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M001.wav");
        Touch("Session1/sentences/wav/Ses01F_script01_1/Ses01F_script01_1_M003.wav");
        var all = IemocapReader.Read(_root);
        Assert.Equal(new[] { (Emotion.Neutral, "Ses01F"), (Emotion.Happy, "Ses01M"), (Emotion.Angry, "Ses01M") },
            all.Utterances.Select(u => (u.Emotion, u.Speaker)));
        Assert.Contains(all.Problems, p => p.Reason.Contains("'fru' is excluded"));
        var impro = IemocapReader.Read(_root, new IemocapOptions { Improvisation = IemocapSubset.ImprovisedOnly, MergeExcitedIntoHappy = false });
        Assert.Equal(new[] { Emotion.Neutral }, impro.Utterances.Select(u => u.Emotion));
    }

    [Fact]
    public void FolderPerLabelAndManifestReadersWork()
    {
        Touch("folders/angry/spk1_a.wav");
        Touch("folders/joy/spk2_b.wav");
        Touch("folders/misc/spk3_c.wav");
        var folders = FolderPerLabelReader.Read(Path.Combine(_root, "folders"), new FolderPerLabelOptions { SpeakerPattern = @"^(\w+?)_" });
        Assert.Equal(new[] { (Emotion.Angry, "spk1"), (Emotion.Happy, "spk2") }, folders.Utterances.Select(u => (u.Emotion, u.Speaker)));
        Assert.Contains(folders.Problems, p => p.Reason.Contains("'misc'"));

        Touch("m/a.wav");
        Touch("m/b.wav");
        File.WriteAllText(Path.Combine(_root, "m", "manifest.csv"),
            "path,label,speaker,gender,note\na.wav,sad,s1,F,\"quoted, with comma\"\nb.wav,bogus,s2,M,x\nc.wav,sad,s3,M,x\n");
        var manifest = ManifestReader.Read(Path.Combine(_root, "m", "manifest.csv"), "M");
        var u = Assert.Single(manifest.Utterances);
        Assert.Equal((Emotion.Sad, "s1", Gender.Female, "quoted, with comma"), (u.Emotion, u.Speaker, u.Gender, u.Attribute("note")));
        Assert.Equal(2, manifest.Problems.Count);
    }

    [SkippableFact]
    public void RavdessManifestAndFileNamesAgreeOnAll1440Files()
    {
        Skip.If(SharedData.Ravdess is null, SharedData.MissingMessage);
        var byName = RavdessReader.Read(SharedData.Ravdess!, new CorpusReadOptions { CheckHeaders = false });
        var byManifest = ManifestReader.Read(Path.Combine(SharedData.Ravdess!, "manifest.csv"), "RAVDESS", new CorpusReadOptions { CheckHeaders = false });
        Assert.Equal(1440, byName.Utterances.Count);
        Assert.Empty(byName.Problems);
        Assert.Equal(1440, byManifest.Utterances.Count);
        var manifest = byManifest.Utterances.ToDictionary(x => x.Path);
        foreach (var n in byName.Utterances)
        {
            var m = manifest[n.Path];
            Assert.Equal((n.Emotion, n.Speaker, n.Gender), (m.Emotion, m.Speaker, m.Gender));
            Assert.Equal(n.Attribute("intensity"), m.Attribute("intensity"));
            Assert.Equal(n.Attribute("statement"), m.Attribute("statement"));
        }
        Assert.Equal(24, byName.Speakers.Count);
    }
}
