using Ser.Core.Features;

namespace Ser.Core.Data;

/// <summary>Progress of a corpus extraction.</summary>
/// <param name="Done">Utterances finished.</param>
/// <param name="Total">Utterances in all.</param>
/// <param name="CacheHits">Utterances served from the cache so far.</param>
public readonly record struct ExtractionProgress(int Done, int Total, int CacheHits);

/// <summary>
/// Log-mel spectrograms of many utterances, in parallel, through an optional <see cref="FeatureCache"/>
/// (keyed by audio content and <see cref="LogMelOptions"/>), with progress and cancellation.
/// Results are in input order.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly LogMel _transform;
    private readonly string _optionsHash;

    /// <summary>Creates the extractor.</summary>
    public FeatureExtractor(LogMelOptions options, FeatureCache? cache = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _transform = new LogMel(options);
        _optionsHash = FeatureCache.OptionsHash("logmel:" + options);
        Cache = cache;
    }

    /// <summary>The front-end settings.</summary>
    public LogMelOptions Options { get; }

    /// <summary>The cache, or null.</summary>
    public FeatureCache? Cache { get; }

    /// <summary>The log-mel of one utterance (from the cache when present).</summary>
    public Spectrogram Extract(Utterance utterance)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        if (Cache is null) return _transform.Compute(utterance.LoadAudio());
        var (data, rows, cols) = Cache.GetOrAdd(utterance.Path, _optionsHash, () =>
        {
            Spectrogram s = _transform.Compute(utterance.LoadAudio());
            return (s.Data.ToArray(), s.Frames, s.Bins);
        });
        return new Spectrogram(data, rows, cols, Options.SampleRate, Options.HopLength);
    }

    /// <summary>Extracts every utterance on up to <paramref name="threads"/> threads (default: all cores).</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled; finished entries stay cached.</exception>
    public IReadOnlyList<Spectrogram> ExtractAll(IReadOnlyList<Utterance> utterances, int? threads = null,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        var results = new Spectrogram[utterances.Count];
        int done = 0, hitsBefore = Cache?.Hits ?? 0;
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, utterances.Count, po, i =>
        {
            results[i] = Extract(utterances[i]);
            int n = Interlocked.Increment(ref done);
            progress?.Report(new ExtractionProgress(n, utterances.Count, (Cache?.Hits ?? 0) - hitsBefore));
        });
        return results;
    }
}
