using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Data.Corpora;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;

namespace Microsoft.ML;

/// <summary>
/// Corpora as ML.NET data and Ser.Core's speaker folds, on ML.NET's <see cref="DataOperationsCatalog"/>:
/// <c>mlContext.Data.LoadRavdess(root)</c>, <c>mlContext.Data.AddSpeakerFolds(data, 6)</c>. A corpus gives one row per
/// clip with text columns <c>Path</c>, <c>Label</c> (the canonical emotion name, or its class in <c>labels</c>),
/// <c>Speaker</c>, <c>Gender</c> ("female", "male" or empty), <c>Corpus</c>, <c>Id</c>, and the corpus's own attributes
/// (RAVDESS: intensity, statement, repetition, …; empty where a clip lacks one). Audio is read later, by <c>LoadAudio</c>.
/// </summary>
public static class SerDataCatalog
{
    /// <summary>A corpus read by one of the readers in <see cref="Ser.Core.Data.Corpora"/>.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="corpus">The corpus (its load problems stay in <see cref="Corpus.Problems"/>).</param>
    /// <param name="labels">Keep only the clips whose emotion is in this set (merged classes renamed, e.g. calm → neutral); null keeps all.</param>
    public static IDataView LoadCorpus(this DataOperationsCatalog catalog, Corpus corpus, LabelSet? labels = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return CorpusData.ToDataView(corpus, labels);
    }

    /// <summary>RAVDESS from its file names (see <see cref="RavdessReader"/>).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="root">The corpus folder.</param>
    /// <param name="labels">Keep only these classes; null keeps all.</param>
    /// <param name="options">Reader options.</param>
    public static IDataView LoadRavdess(this DataOperationsCatalog catalog, string root, LabelSet? labels = null, CorpusReadOptions? options = null)
        => LoadCorpus(catalog, RavdessReader.Read(root, options), labels);

    /// <summary>CREMA-D (see <see cref="CremaDReader"/>).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="root">The corpus folder.</param>
    /// <param name="labels">Keep only these classes; null keeps all.</param>
    /// <param name="options">Reader options.</param>
    public static IDataView LoadCremaD(this DataOperationsCatalog catalog, string root, LabelSet? labels = null, CorpusReadOptions? options = null)
        => LoadCorpus(catalog, CremaDReader.Read(root, options), labels);

    /// <summary>TESS (see <see cref="TessReader"/>).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="root">The corpus folder.</param>
    /// <param name="labels">Keep only these classes; null keeps all.</param>
    /// <param name="options">Reader options.</param>
    public static IDataView LoadTess(this DataOperationsCatalog catalog, string root, LabelSet? labels = null, CorpusReadOptions? options = null)
        => LoadCorpus(catalog, TessReader.Read(root, options), labels);

    /// <summary>SAVEE (see <see cref="SaveeReader"/>).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="root">The corpus folder.</param>
    /// <param name="labels">Keep only these classes; null keeps all.</param>
    /// <param name="options">Reader options.</param>
    public static IDataView LoadSavee(this DataOperationsCatalog catalog, string root, LabelSet? labels = null, CorpusReadOptions? options = null)
        => LoadCorpus(catalog, SaveeReader.Read(root, options), labels);

    /// <summary>EMO-DB (see <see cref="EmoDbReader"/>).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="root">The corpus folder.</param>
    /// <param name="labels">Keep only these classes; null keeps all.</param>
    /// <param name="options">Reader options.</param>
    public static IDataView LoadEmoDb(this DataOperationsCatalog catalog, string root, LabelSet? labels = null, CorpusReadOptions? options = null)
        => LoadCorpus(catalog, EmoDbReader.Read(root, options), labels);

    /// <summary>IEMOCAP (see <see cref="IemocapReader"/>).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="root">The corpus folder.</param>
    /// <param name="labels">Keep only these classes; null keeps all.</param>
    /// <param name="iemocap">IEMOCAP's own options (sessions, improvised/scripted).</param>
    /// <param name="options">Reader options.</param>
    public static IDataView LoadIemocap(this DataOperationsCatalog catalog, string root, LabelSet? labels = null, IemocapOptions? iemocap = null, CorpusReadOptions? options = null)
        => LoadCorpus(catalog, IemocapReader.Read(root, iemocap, options), labels);

    /// <summary>A folder per label (see <see cref="FolderPerLabelReader"/>).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="root">The corpus folder.</param>
    /// <param name="labels">Keep only these classes; null keeps all.</param>
    /// <param name="folders">Folder layout options.</param>
    /// <param name="options">Reader options.</param>
    public static IDataView LoadFolders(this DataOperationsCatalog catalog, string root, LabelSet? labels = null, FolderPerLabelOptions? folders = null, CorpusReadOptions? options = null)
        => LoadCorpus(catalog, FolderPerLabelReader.Read(root, folders, options), labels);

    /// <summary>
    /// A CSV manifest with path, label and optional speaker/gender columns (see <see cref="ManifestReader"/>); labels are
    /// parsed as emotions. For a manifest of other labels, use stock <c>mlContext.Data.LoadFromTextFile</c> instead.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="manifestPath">The CSV file.</param>
    /// <param name="labels">Keep only these classes; null keeps all.</param>
    /// <param name="name">Corpus name (default: the file name).</param>
    /// <param name="options">Reader options.</param>
    public static IDataView LoadManifest(this DataOperationsCatalog catalog, string manifestPath, LabelSet? labels = null, string? name = null, CorpusReadOptions? options = null)
        => LoadCorpus(catalog, ManifestReader.Read(manifestPath, name, options), labels);

    /// <summary>
    /// Long recordings as windows, one row each (<see cref="AudioWindowInput"/>: text <c>Path</c>, Double
    /// <c>WindowStart</c> and <c>WindowDuration</c> in seconds, Int32 <c>Window</c>, an empty text <c>Label</c>), planned by
    /// <see cref="AudioWindows.Plan"/>: every <paramref name="hopSeconds"/>, with a last window that ends at the end. A
    /// pipeline or fitted model that starts with <c>LoadAudio</c> reads only each row's window (seeking in WAV files), so
    /// it scores a recording of any length, window by window, in bounded memory: an emotion timeline. Only the files'
    /// headers are read here (MP3 and Ogg files without a length in their header are decoded once to count their frames).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="paths">Audio files (any format <see cref="AudioReader"/> reads).</param>
    /// <param name="windowSeconds">Window length in seconds. Default 4.</param>
    /// <param name="hopSeconds">Seconds between window starts; null = <paramref name="windowSeconds"/> (no overlap). Default null.</param>
    /// <exception cref="AudioFormatException">A file cannot be opened or its header decoded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length is not positive and finite.</exception>
    public static IDataView LoadAudioWindows(this DataOperationsCatalog catalog, IEnumerable<string> paths, double windowSeconds = 4, double? hopSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(paths);
        double hop = hopSeconds ?? windowSeconds;
        if (!double.IsFinite(windowSeconds) || windowSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(windowSeconds), windowSeconds, "must be a positive number of seconds");
        if (!double.IsFinite(hop) || hop <= 0) throw new ArgumentOutOfRangeException(nameof(hopSeconds), hop, "must be a positive number of seconds");
        var rows = new List<AudioWindowInput>();
        foreach (string path in paths)
        {
            using var reader = AudioReader.Open(path);
            long frames = reader.FrameCount ?? Count(reader);
            if (frames == 0) throw new AudioFormatException(path, "the audio holds no sample frames");
            int rate = reader.SampleRate;
            var windows = AudioWindows.Plan(frames, Math.Max(1, (long)Math.Round(windowSeconds * rate)), Math.Max(1, (long)Math.Round(hop * rate)));
            for (int i = 0; i < windows.Count; i++)
                rows.Add(new AudioWindowInput { Path = path, WindowStart = (double)windows[i].Start / rate, WindowDuration = (double)windows[i].Length / rate, Window = i });
        }
        return catalog.LoadFromEnumerable(rows);

        static long Count(AudioReader reader)
        {
            reader.Seek(long.MaxValue);
            return reader.Position;
        }
    }

    /// <summary>
    /// Adds a Key column (<paramref name="outputColumnName"/>, values 1 … <paramref name="folds"/>) that numbers each row's
    /// speaker fold, gender-balanced and seeded as <see cref="Splits.KFoldBySpeaker"/> deals speakers (RAVDESS: 6 folds of
    /// 4 actors, 2 female and 2 male). Pass it to stock cross-validation:
    /// <c>mlContext.MulticlassClassification.CrossValidate(data, pipeline, folds, samplingKeyColumnName: "Fold")</c>
    /// tests fold i on exactly those speakers (a string sampling column would be hashed into uneven folds).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="data">Rows with a Text speaker column.</param>
    /// <param name="folds">Number of folds, 2 … the number of speakers.</param>
    /// <param name="speakerColumnName">Text column of speakers. Default <c>"Speaker"</c>.</param>
    /// <param name="genderColumnName">Text column of genders ("female"/"f", "male"/"m"); null or absent = no balance by gender. Default <c>"Gender"</c>.</param>
    /// <param name="outputColumnName">Key column written. Default <c>"Fold"</c>.</param>
    /// <param name="seed">Shuffle seed. Default 0.</param>
    public static IDataView AddSpeakerFolds(this DataOperationsCatalog catalog, IDataView data, int folds, string speakerColumnName = "Speaker",
        string? genderColumnName = "Gender", string outputColumnName = "Fold", int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return SpeakerFolds.Add(data, folds, speakerColumnName, genderColumnName, outputColumnName, seed);
    }
}
