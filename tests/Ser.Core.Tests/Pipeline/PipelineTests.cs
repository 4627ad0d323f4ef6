using System.IO.Compression;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.Pipeline;
using Ser.Core.Segmentation;
using Ser.Core.Selection;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.Pipeline;

public class PipelineTests
{
    private static readonly SerContext Ser = new(seed: 7);

    private static SerRow Row(string id) => SerRow.FromClip(new AudioClip(TestSignals.Chirp(16000, 2.0), 16000), id, "happy");

    [Fact]
    public void LogMelThenSegmentProducesPatchesLazily()
    {
        var model = Ser.Transforms.LogMel(LogMelOptions.VGGish).Append(Ser.Transforms.Segment()).Fit([Row("a")]);
        int pulled = 0;
        IEnumerable<SerRow> Source() { pulled++; yield return Row("a"); pulled++; yield return Row("b"); }
        using var e = model.Transform(Source()).GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal(1, pulled);
        var patches = e.Current.Get<IReadOnlyList<Patch>>(Columns.Patches);
        Assert.Equal(4, patches.Count); // 198 frames: starts 0, 48, 96 whole + 144 partial
        Assert.Equal("a", patches[0].ClipId);
    }

    [Fact]
    public void AppendingAStageWhoseInputIsMissingFailsAtConstructionNamingBothStages()
    {
        var e = Assert.Throws<SchemaMismatchException>(() => Ser.Transforms.Segment().Append(Ser.Transforms.LogMel()));
        Assert.Contains("Segment", e.Message);
        var e2 = Assert.Throws<SchemaMismatchException>(() => new EstimatorChain().Append(Ser.Transforms.Segment()));
        Assert.Contains("'Segment'", e2.Message);
        Assert.Contains("LogMel", e2.Message);
    }

    [Fact]
    public void SavedModelLoadsAndGivesIdenticalOutput()
    {
        var model = Ser.Transforms.LogMel(LogMelOptions.Paper).Append(Ser.Transforms.Segment(64, 32, PartialPatchPolicy.RepeatPad)).Fit([]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("ser-model").FullName, "m.sermodel");
        Ser.Model.Save(model, path);
        var loaded = Ser.Model.Load(path);
        var a = model.Transform(Row("x")).Get<IReadOnlyList<Patch>>(Columns.Patches);
        var b = loaded.Transform(Row("x")).Get<IReadOnlyList<Patch>>(Columns.Patches);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Data, b[i].Data);
        Assert.Equal(LogMelOptions.Paper.ToString(), ((LogMelStage)loaded.Stages[0]).Options.ToString());
    }

    [Fact]
    public void GaussianSelectionStageFiltersPatchesRecordsTheDecisionAndRoundTrips()
    {
        var options = new GaussianSelectionOptions { Threshold = 0.3, Normalisation = ScoreNormalisation.ZScore };
        var model = Ser.Transforms.LogMel().Append(Ser.Transforms.Segment(32, 16)).Append(Ser.Transforms.SelectGaussian(options)).Fit([]);
        // Scoring keeps every patch (the selection is recorded); training rows are thinned.
        var row = model.Transform(Row("g"));
        var selection = row.Get<ClipSelection>(Columns.Selection);
        Assert.NotEmpty(selection.Dropped);
        Assert.Equal(selection.Kept.Count + selection.Dropped.Count, row.Get<IReadOnlyList<Patch>>(Columns.Patches).Count);
        var gds = (SelectGaussianStage)model.Stages[2];
        var before = model.Stages[1].Transform(model.Stages[0].Transform(Row("g")));
        var trained = gds.TransformForTraining([before]).Single().Get<IReadOnlyList<Patch>>(Columns.Patches);
        Assert.Equal(selection.Kept, trained.Select(p => p.Index));
        var filtering = Ser.Transforms.SelectGaussian(new GaussianSelectionOptions { Threshold = 0.3, Normalisation = ScoreNormalisation.ZScore, FilterWhenScoring = true });
        Assert.Equal(selection.Kept.Count, filtering.Transform(before).Get<IReadOnlyList<Patch>>(Columns.Patches).Count);
        var path = Path.Combine(Directory.CreateTempSubdirectory("ser-model").FullName, "gds.sermodel");
        Ser.Model.Save(model, path);
        var loaded = (SelectGaussianStage)Ser.Model.Load(path).Stages[2];
        Assert.Equal(0.3, loaded.Options.Threshold);
        Assert.Equal(ScoreNormalisation.ZScore, loaded.Options.Normalisation);
    }

    [Fact]
    public void DataCatalogSplitsUseTheContextSeed()
    {
        var data = global::Ser.Core.Tests.Data.SplitAndLabelTests.Corpus(12);
        var a = Ser.Data.KFoldBySpeaker(data, 4);
        var b = new SerContext(seed: 7).Data.KFoldBySpeaker(data, 4);
        Assert.Equal(a.Select(f => f.ToString()), b.Select(f => f.ToString()));
        Assert.Empty(Ser.Data.SplitBySpeaker(data).Test.Select(u => u.Speaker).Intersect(Ser.Data.SplitBySpeaker(data).Train.Select(u => u.Speaker)));
    }

    [Fact]
    public void CorruptOrNewerModelFilesRaiseModelFormatException()
    {
        var model = Ser.Transforms.LogMel().Append(Ser.Transforms.Segment()).Fit([]);
        var ms = new MemoryStream();
        Ser.Model.Save(model, ms);
        var good = ms.ToArray();

        var tampered = Rewrite(good, "stages/00-LogMel.json", s => s.Replace("\"MelBands\": 64", "\"MelBands\": 65"));
        Assert.Contains("checksum", Assert.Throws<ModelFormatException>(() => Ser.Model.Load(new MemoryStream(tampered))).Message);

        var newer = Rewrite(good, "manifest.json", s => s.Replace("\"minReaderVersion\": 1", "\"minReaderVersion\": 99"));
        Assert.Contains("upgrade", Assert.Throws<ModelFormatException>(() => Ser.Model.Load(new MemoryStream(newer))).Message);

        var truncated = good[..(good.Length / 2)];
        Assert.Throws<ModelFormatException>(() => Ser.Model.Load(new MemoryStream(truncated), "half.sermodel"));
    }

    [Fact]
    public void CancellationStopsTransform()
    {
        var model = Ser.Transforms.LogMel().Fit([]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => model.Transform([Row("a")], cts.Token).ToList());
    }

    private static byte[] Rewrite(byte[] zipBytes, string entry, Func<string, string> edit)
    {
        var ms = new MemoryStream();
        ms.Write(zipBytes);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            var e = zip.GetEntry(entry)!;
            string text;
            using (var r = new StreamReader(e.Open())) text = r.ReadToEnd();
            e.Delete();
            using var w = new StreamWriter(zip.CreateEntry(entry).Open());
            w.Write(edit(text));
        }
        return ms.ToArray();
    }
}
