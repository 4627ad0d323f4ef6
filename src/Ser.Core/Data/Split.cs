namespace Ser.Core.Data;

/// <summary>One train/test partition; no speaker is on both sides.</summary>
/// <param name="Train">Training utterances.</param>
/// <param name="Test">Test utterances.</param>
/// <param name="TestSpeakers">The speakers held out, sorted.</param>
public sealed record Split(IReadOnlyList<Utterance> Train, IReadOnlyList<Utterance> Test, IReadOnlyList<string> TestSpeakers)
{
    /// <summary>"train 1200 / test 240 (Actor_01, Actor_02, …)".</summary>
    public override string ToString() => $"train {Train.Count} / test {Test.Count} ({string.Join(", ", TestSpeakers)})";
}

/// <summary>
/// Speaker-independent partitions: every split assigns whole speakers to one side, so no voice is
/// seen in training and in testing (most published SER numbers leak speakers; these do not).
/// Deterministic for a seed. Gender balance: speakers are dealt to folds alternating by gender.
/// </summary>
public static class Splits
{
    /// <summary>
    /// Hold-out by speaker: speakers are shuffled (seeded; genders interleaved when
    /// <paramref name="genderBalanced"/>) and moved to the test side until it holds at least
    /// <paramref name="testFraction"/> of the utterances. The paper's 85:15 is testFraction 0.15.
    /// </summary>
    public static Split HoldOut(IReadOnlyList<Utterance> utterances, double testFraction = 0.15, int seed = 0, bool genderBalanced = true)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        if (testFraction is <= 0 or >= 1 || double.IsNaN(testFraction)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "must be in (0, 1)");
        int speakerCount = utterances.Select(u => u.Speaker).Distinct().Count();
        if (speakerCount < 2) throw new ArgumentException($"a speaker-independent split needs at least 2 speakers, found {speakerCount}", nameof(utterances));
        return Make(utterances, HeldOutSpeakers(utterances.Select(u => (u.Speaker, u.Gender)).ToList(), testFraction, seed, genderBalanced));
    }

    /// <summary>
    /// The speakers <see cref="HoldOut"/> puts on the test side, for any items with a speaker and a
    /// gender (each item counts once towards the fraction). Needs at least 2 speakers.
    /// </summary>
    internal static HashSet<string> HeldOutSpeakers(IReadOnlyList<(string Speaker, Gender Gender)> items, double fraction, int seed, bool genderBalanced)
    {
        var speakers = OrderedSpeakers(items, seed, genderBalanced, interleave: true);
        var counts = items.GroupBy(u => u.Speaker).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var test = new HashSet<string>(StringComparer.Ordinal);
        int inTest = 0;
        foreach (string s in speakers)
        {
            if (inTest >= fraction * items.Count || test.Count == speakers.Count - 1) break;
            test.Add(s);
            inTest += counts[s];
        }
        return test;
    }

    /// <summary>
    /// k folds of whole speakers (RAVDESS with k = 6: 4 actors per fold, 2 female and 2 male, as
    /// SER-FusionNet). Fold i tests on its speakers and trains on all others.
    /// </summary>
    public static IReadOnlyList<Split> KFoldBySpeaker(IReadOnlyList<Utterance> utterances, int k, int seed = 0, bool genderBalanced = true)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        var foldOf = FoldOfSpeaker(utterances.Select(u => (u.Speaker, u.Gender)).ToList(), k, seed, genderBalanced);
        var folds = Enumerable.Range(0, k).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var (speaker, fold) in foldOf) folds[fold].Add(speaker);
        return folds.Select(f => Make(utterances, f)).ToArray();
    }

    /// <summary>
    /// The fold (0 … <paramref name="k"/> − 1) of every speaker, as <see cref="KFoldBySpeaker"/> deals them: genders
    /// grouped (female, male, unknown), each shuffled (seeded), then dealt round-robin, so every fold gets an equal
    /// share of each gender (± 1).
    /// </summary>
    /// <param name="speakers">Speakers with their genders (repeats allowed; the first gender seen counts).</param>
    /// <param name="k">Folds, 2 … the number of speakers.</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <param name="genderBalanced">Deal genders evenly (else one shuffle of all speakers).</param>
    public static IReadOnlyDictionary<string, int> FoldOfSpeaker(IReadOnlyList<(string Speaker, Gender Gender)> speakers, int k, int seed = 0, bool genderBalanced = true)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        var ordered = OrderedSpeakers(speakers, seed, genderBalanced, interleave: false);
        if (k < 2 || k > ordered.Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"must be in 2..{ordered.Count} (the number of speakers)");
        var fold = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ordered.Count; i++) fold[ordered[i]] = i % k;
        return fold;
    }

    /// <summary>One fold per speaker (leave-one-speaker-out), in speaker order.</summary>
    public static IReadOnlyList<Split> LeaveOneSpeakerOut(IReadOnlyList<Utterance> utterances)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        var speakers = utterances.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal).ToList();
        if (speakers.Count < 2) throw new ArgumentException("leave-one-speaker-out needs at least 2 speakers", nameof(utterances));
        return speakers.Select(s => Make(utterances, new HashSet<string>(StringComparer.Ordinal) { s })).ToArray();
    }

    /// <summary>
    /// Speakers in split order: a seeded shuffle; with gender balance, each gender is shuffled
    /// separately and the genders either alternate (<paramref name="interleave"/>) or follow each other.
    /// </summary>
    private static List<string> OrderedSpeakers(IReadOnlyList<(string Speaker, Gender Gender)> items, int seed, bool genderBalanced, bool interleave)
    {
        var genderOf = new Dictionary<string, Gender>(StringComparer.Ordinal);
        foreach (var u in items) genderOf.TryAdd(u.Speaker, u.Gender);
        var rng = new Random(seed);
        List<string> Shuffled(IEnumerable<string> s)
        {
            var list = s.Order(StringComparer.Ordinal).ToList();
            for (int i = list.Count - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (list[i], list[j]) = (list[j], list[i]);
            }
            return list;
        }
        if (!genderBalanced) return Shuffled(genderOf.Keys);
        var groups = new[] { Gender.Female, Gender.Male, Gender.Unknown }
            .Select(g => Shuffled(genderOf.Where(p => p.Value == g).Select(p => p.Key))).ToArray();
        if (!interleave) return groups.SelectMany(g => g).ToList();
        var result = new List<string>();
        for (int i = 0; result.Count < genderOf.Count; i++)
        {
            foreach (var g in groups) if (i < g.Count) result.Add(g[i]);
        }
        return result;
    }

    private static Split Make(IReadOnlyList<Utterance> utterances, HashSet<string> testSpeakers)
    {
        var train = new List<Utterance>();
        var test = new List<Utterance>();
        foreach (var u in utterances) (testSpeakers.Contains(u.Speaker) ? test : train).Add(u);
        return new Split(train, test, testSpeakers.Order(StringComparer.Ordinal).ToArray());
    }
}
