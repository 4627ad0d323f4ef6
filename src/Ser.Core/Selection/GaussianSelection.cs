namespace Ser.Core.Selection;

/// <summary>The selector's decision for one clip.</summary>
/// <param name="ClipId">The clip.</param>
/// <param name="Scores">Normalised score per patch (NaN for a patch containing NaN; NaN for every patch of a short clip).</param>
/// <param name="Kept">Indices of the kept patches, ascending.</param>
/// <param name="Dropped">Indices of the dropped patches, ascending.</param>
public sealed record ClipSelection(string ClipId, IReadOnlyList<double> Scores, IReadOnlyList<int> Kept, IReadOnlyList<int> Dropped);

/// <summary>Totals over many clips.</summary>
public sealed class SelectionReport
{
    /// <summary>Summarises per-clip decisions.</summary>
    public SelectionReport(IReadOnlyList<ClipSelection> clips)
    {
        Clips = clips ?? throw new ArgumentNullException(nameof(clips));
        foreach (var c in clips)
        {
            Kept += c.Kept.Count;
            Dropped += c.Dropped.Count;
        }
        var histogram = new SortedDictionary<int, int>();
        foreach (var c in clips) histogram[c.Dropped.Count] = histogram.GetValueOrDefault(c.Dropped.Count) + 1;
        DroppedPerClip = histogram;
    }

    /// <summary>Per-clip decisions.</summary>
    public IReadOnlyList<ClipSelection> Clips { get; }
    /// <summary>Patches in total.</summary>
    public int Total => Kept + Dropped;
    /// <summary>Patches kept.</summary>
    public int Kept { get; }
    /// <summary>Patches dropped.</summary>
    public int Dropped { get; }
    /// <summary>Dropped / total (0 when there are no patches).</summary>
    public double DroppedFraction => Total == 0 ? 0 : (double)Dropped / Total;
    /// <summary>Number of clips by how many patches they lost (0 → n clips, 1 → m clips, …).</summary>
    public IReadOnlyDictionary<int, int> DroppedPerClip { get; }

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"{Total} patches, kept {Kept}, dropped {Dropped} ({DroppedFraction:P1}); dropped per clip: ") +
        string.Join(", ", DroppedPerClip.Select(p => $"{p.Key}: {p.Value}"));
}
