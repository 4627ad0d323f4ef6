namespace Ser.Core.Data.Corpora;

/// <summary>Collects the utterances and problems of one reader run, honouring strict mode.</summary>
internal sealed class CorpusBuilder
{
    private readonly string _name;
    private readonly CorpusReadOptions _options;
    private readonly List<Utterance> _utterances = new();
    private readonly List<LoadProblem> _problems = new();

    internal CorpusBuilder(string name, CorpusReadOptions? options)
    {
        _name = name;
        _options = options ?? CorpusReadOptions.Default;
    }

    internal void Problem(string file, string reason)
    {
        if (_options.Strict) throw new CorpusFormatException(file, reason);
        _problems.Add(new LoadProblem(file, reason));
    }

    /// <summary>Adds the utterance when its file passes the header check.</summary>
    internal void Add(string path, Emotion emotion, string speaker, Gender gender, IReadOnlyDictionary<string, string>? attributes = null)
    {
        if (_options.CheckHeaders && WavHeaderCheck.Problem(path) is string reason)
        {
            Problem(path, reason);
            return;
        }
        _utterances.Add(new Utterance(Path.GetFullPath(path), _name, emotion, speaker, gender,
            attributes ?? new Dictionary<string, string>()));
    }

    internal Corpus Build() =>
        new(_name, _utterances.OrderBy(u => u.Path, StringComparer.Ordinal).ToArray(), _problems.ToArray());

    /// <summary>WAV files under <paramref name="root"/> (recursively), sorted; a missing root throws.</summary>
    internal static IEnumerable<string> WavFiles(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"corpus folder '{root}' does not exist");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
    }
}

/// <summary>A cheap validity check of a WAV file: it opens, and its first bytes are a RIFF/WAVE header with a fmt chunk.</summary>
internal static class WavHeaderCheck
{
    internal static string? Problem(string path)
    {
        Span<byte> head = stackalloc byte[4096];
        int n;
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "cannot be read: " + e.Message;
        }
        if (n == 0) return "empty file";
        if (n < 12 || !head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8)) return "not a RIFF/WAVE file";
        int pos = 12;
        while (pos + 8 <= n)
        {
            uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head[(pos + 4)..]);
            if (head.Slice(pos, 4).SequenceEqual("fmt "u8)) return size >= 16 ? null : "fmt chunk too short";
            if (head.Slice(pos, 4).SequenceEqual("data"u8)) return "data chunk before fmt chunk";
            long next = pos + 8L + size + (size & 1);
            if (next > n) break;
            pos = (int)next;
        }
        return "no fmt chunk in the first 4 KB";
    }
}
