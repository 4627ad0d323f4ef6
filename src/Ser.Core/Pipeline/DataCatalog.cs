using Ser.Core.Data;
using Ser.Core.Data.Corpora;

namespace Ser.Core.Pipeline;

/// <summary>
/// Corpora and splits: <c>ser.Data.LoadRavdess(path)</c>, <c>ser.Data.SplitBySpeaker(corpus)</c>.
/// Splits use the context's seed (0 when none) and never put a speaker on both sides.
/// </summary>
public sealed class DataCatalog
{
    internal DataCatalog(SerContext context) => Context = context;

    /// <summary>The owning context.</summary>
    public SerContext Context { get; }

    private int Seed => Context.Seed ?? 0;

    /// <summary>RAVDESS from its file names (see <see cref="RavdessReader"/>).</summary>
    public Corpus LoadRavdess(string root, CorpusReadOptions? options = null) => RavdessReader.Read(root, options);

    /// <summary>CREMA-D (see <see cref="CremaDReader"/>).</summary>
    public Corpus LoadCremaD(string root, CorpusReadOptions? options = null) => CremaDReader.Read(root, options);

    /// <summary>TESS (see <see cref="TessReader"/>).</summary>
    public Corpus LoadTess(string root, CorpusReadOptions? options = null) => TessReader.Read(root, options);

    /// <summary>SAVEE (see <see cref="SaveeReader"/>).</summary>
    public Corpus LoadSavee(string root, CorpusReadOptions? options = null) => SaveeReader.Read(root, options);

    /// <summary>EMO-DB (see <see cref="EmoDbReader"/>).</summary>
    public Corpus LoadEmoDb(string root, CorpusReadOptions? options = null) => EmoDbReader.Read(root, options);

    /// <summary>IEMOCAP (see <see cref="IemocapReader"/>).</summary>
    public Corpus LoadIemocap(string root, IemocapOptions? iemocap = null, CorpusReadOptions? options = null) => IemocapReader.Read(root, iemocap, options);

    /// <summary>A folder per label (see <see cref="FolderPerLabelReader"/>).</summary>
    public Corpus LoadFolders(string root, FolderPerLabelOptions? folders = null, CorpusReadOptions? options = null) => FolderPerLabelReader.Read(root, folders, options);

    /// <summary>A CSV manifest (see <see cref="ManifestReader"/>).</summary>
    public Corpus LoadManifest(string manifestPath, string? name = null, CorpusReadOptions? options = null) => ManifestReader.Read(manifestPath, name, options);

    /// <summary>Speaker-independent hold-out (the paper's 85:15 is <paramref name="testFraction"/> 0.15).</summary>
    public Split SplitBySpeaker(IReadOnlyList<Utterance> utterances, double testFraction = 0.15) => Splits.HoldOut(utterances, testFraction, Seed);

    /// <summary>Speaker-grouped, gender-balanced k folds (RAVDESS: 6 folds of 4 actors).</summary>
    public IReadOnlyList<Split> KFoldBySpeaker(IReadOnlyList<Utterance> utterances, int folds = 6) => Splits.KFoldBySpeaker(utterances, folds, Seed);

    /// <summary>One fold per speaker.</summary>
    public IReadOnlyList<Split> LeaveOneSpeakerOut(IReadOnlyList<Utterance> utterances) => Splits.LeaveOneSpeakerOut(utterances);
}
