using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Features;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.Data;

public sealed class FeatureCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-cache-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<Utterance> Corpus(int n)
    {
        var list = new List<Utterance>();
        for (int i = 0; i < n; i++)
        {
            string path = Path.Combine(_dir, "audio", $"clip{i}.wav");
            new AudioClip(TestSignals.Chirp(16000, 0.3 + 0.05 * i, 100 + 10 * i), 16000).Save(path);
            list.Add(new Utterance(path, "SYN", Emotion.Neutral, $"s{i % 3}", Gender.Unknown, new Dictionary<string, string>()));
        }
        return list;
    }

    [Fact]
    public void EntriesAreComputedOnceAndReusedAcrossInstances()
    {
        var corpus = Corpus(6);
        var direct = new FeatureExtractor(LogMelOptions.VGGish).ExtractAll(corpus);
        var first = new FeatureExtractor(LogMelOptions.VGGish, new FeatureCache(Path.Combine(_dir, "cache")));
        var a = first.ExtractAll(corpus);
        Assert.Equal(6, first.Cache!.Misses);
        var second = new FeatureExtractor(LogMelOptions.VGGish, new FeatureCache(Path.Combine(_dir, "cache")));
        var progress = new List<ExtractionProgress>();
        var b = second.ExtractAll(corpus, threads: 1, progress: new SyncProgress(progress));
        Assert.Equal(6, second.Cache!.Hits);
        Assert.Equal(0, second.Cache.Misses);
        Assert.Equal(6, progress[^1].Done);
        Assert.Equal(6, progress[^1].CacheHits);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(direct[i].Data.ToArray(), a[i].Data.ToArray());
            Assert.Equal(direct[i].Data.ToArray(), b[i].Data.ToArray());
            Assert.Equal(direct[i].Frames, b[i].Frames);
        }
        // Other options → other entries.
        var yam = new FeatureExtractor(LogMelOptions.YAMNet, new FeatureCache(Path.Combine(_dir, "cache")));
        yam.ExtractAll(corpus);
        Assert.Equal(6, yam.Cache!.Misses);
    }

    [Fact]
    public void CorruptOrTruncatedEntriesAreDetectedAndRecomputed()
    {
        var corpus = Corpus(2);
        var cache = new FeatureCache(Path.Combine(_dir, "cache"));
        var fx = new FeatureExtractor(LogMelOptions.VGGish, cache);
        var good = fx.Extract(corpus[0]).Data.ToArray();
        fx.Extract(corpus[1]);
        string hash = FeatureCache.OptionsHash("logmel:" + LogMelOptions.VGGish);
        string e0 = cache.EntryPath(cache.ContentHash(corpus[0].Path), hash);
        string e1 = cache.EntryPath(cache.ContentHash(corpus[1].Path), hash);
        byte[] bytes = File.ReadAllBytes(e0);
        bytes[^5] ^= 0x40;                                   // flip a bit in the data
        File.WriteAllBytes(e0, bytes);
        File.WriteAllBytes(e1, File.ReadAllBytes(e1)[..100]); // truncate
        var again = new FeatureExtractor(LogMelOptions.VGGish, new FeatureCache(Path.Combine(_dir, "cache")));
        Assert.Equal(good, again.Extract(corpus[0]).Data.ToArray());
        again.Extract(corpus[1]);
        Assert.Equal(2, again.Cache!.CorruptEntries);
        Assert.Equal(2, again.Cache.Misses);
        var third = new FeatureExtractor(LogMelOptions.VGGish, new FeatureCache(Path.Combine(_dir, "cache")));
        third.ExtractAll(corpus);
        Assert.Equal(2, third.Cache!.Hits);
    }

    [Fact]
    public void ConcurrentFillersDoNotCorruptTheCache()
    {
        var corpus = Corpus(8);
        string root = Path.Combine(_dir, "cache");
        // Four independent caches on one folder stand in for four processes.
        Parallel.For(0, 4, _ => new FeatureExtractor(LogMelOptions.VGGish, new FeatureCache(root)).ExtractAll(corpus, threads: 2));
        var check = new FeatureExtractor(LogMelOptions.VGGish, new FeatureCache(root));
        check.ExtractAll(corpus);
        Assert.Equal(8, check.Cache!.Hits);
        Assert.Equal(0, check.Cache.CorruptEntries);
        Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void ChangedAudioGetsANewEntry()
    {
        var corpus = Corpus(1);
        var cache = new FeatureCache(Path.Combine(_dir, "cache"));
        string h1 = cache.ContentHash(corpus[0].Path);
        new AudioClip(TestSignals.Sine(16000, 0.4), 16000).Save(corpus[0].Path);
        File.SetLastWriteTimeUtc(corpus[0].Path, DateTime.UtcNow.AddMinutes(1));
        Assert.NotEqual(h1, cache.ContentHash(corpus[0].Path));
    }

    [Fact]
    public void CancellationStopsTheExtraction()
    {
        var corpus = Corpus(4);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new FeatureExtractor(LogMelOptions.VGGish).ExtractAll(corpus, cancellationToken: cts.Token));
    }

    private sealed class SyncProgress(List<ExtractionProgress> sink) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value)
        {
            lock (sink) sink.Add(value);
        }
    }
}
