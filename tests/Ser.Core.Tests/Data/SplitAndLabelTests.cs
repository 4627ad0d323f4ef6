using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Data;
using Xunit;

namespace Ser.Core.Tests.Data;

public class SplitAndLabelTests
{
    /// <summary>A synthetic corpus: speakers × emotions × takes, alternating genders.</summary>
    internal static List<Utterance> Corpus(int speakers, int takes = 4, int seed = 0)
    {
        var list = new List<Utterance>();
        var rng = new Random(seed);
        for (int s = 0; s < speakers; s++)
        {
            foreach (var e in LabelSet.Ravdess8.Classes)
            {
                int n = takes + rng.Next(0, 2);
                for (int t = 0; t < n; t++)
                {
                    list.Add(new Utterance($"/x/s{s}_{e}_{t}.wav", "SYN", e, $"spk{s:D2}", s % 2 == 0 ? Gender.Male : Gender.Female,
                        new Dictionary<string, string>()));
                }
            }
        }
        return list;
    }

    private static void AssertSpeakerIndependent(Split split, int total)
    {
        var train = split.Train.Select(u => u.Speaker).ToHashSet();
        var test = split.Test.Select(u => u.Speaker).ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.Equal(total, split.Train.Count + split.Test.Count);
        Assert.Equal(test.Order(), split.TestSpeakers);
    }

    [Fact]
    public void NoSpeakerIsOnBothSidesOfAnySplitForAnySeedAndSize()
    {
        var gen = from speakers in Gen.Choose(2, 30)
                  from k in Gen.Choose(2, 30)
                  from seed in Gen.Choose(0, 1000)
                  from fraction in Gen.Choose(5, 50)
                  select (speakers, Math.Min(k, speakers), seed, fraction / 100.0);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (speakers, k, seed, fraction) = t;
            var data = Corpus(speakers, 2, seed);
            AssertSpeakerIndependent(Splits.HoldOut(data, fraction, seed), data.Count);
            var folds = Splits.KFoldBySpeaker(data, k, seed);
            foreach (var f in folds) AssertSpeakerIndependent(f, data.Count);
            // Every speaker is tested exactly once across the folds.
            Assert.Equal(speakers, folds.SelectMany(f => f.TestSpeakers).Distinct().Count());
            Assert.Equal(speakers, folds.Sum(f => f.TestSpeakers.Count));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RavdessShapedKFoldGivesSixFoldsOfTwoFemaleAndTwoMaleActors()
    {
        var data = Corpus(24);
        var folds = Splits.KFoldBySpeaker(data, 6, seed: 3);
        Assert.Equal(6, folds.Count);
        foreach (var f in folds)
        {
            Assert.Equal(4, f.TestSpeakers.Count);
            var genders = f.Test.GroupBy(u => u.Speaker).Select(g => g.First().Gender).ToList();
            Assert.Equal(2, genders.Count(g => g == Gender.Female));
        }
        Assert.Equal(folds.Select(f => f.ToString()), Splits.KFoldBySpeaker(data, 6, seed: 3).Select(f => f.ToString()));
        Assert.NotEqual(folds.Select(f => f.ToString()), Splits.KFoldBySpeaker(data, 6, seed: 4).Select(f => f.ToString()));
    }

    [Fact]
    public void HoldOutReachesTheRequestedFractionWithWholeSpeakers()
    {
        var data = Corpus(24);
        var split = Splits.HoldOut(data, 0.15, seed: 1);
        double fraction = (double)split.Test.Count / data.Count;
        Assert.InRange(fraction, 0.15, 0.15 + 1.0 / 24 + 0.01);
        Assert.Equal(24, Splits.LeaveOneSpeakerOut(data).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.HoldOut(data, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.KFoldBySpeaker(data, 25));
    }

    [Fact]
    public void LabelSetsMapMergeAndExclude()
    {
        Assert.Equal(8, LabelSet.Ravdess8.Count);
        Assert.Equal(new[] { "angry", "happy", "neutral", "sad" }, LabelSet.Paper4.Names);
        Assert.False(LabelSet.Paper4.TryIndexOf(Emotion.Calm, out _));
        Assert.Equal(2, LabelSet.Paper4CalmAsNeutral.IndexOf(Emotion.Calm));
        Assert.Equal(0, LabelSet.Paper4.IndexOf("anger"));
        var e = Assert.Throws<UnknownLabelException>(() => LabelSet.Paper4.IndexOf(Emotion.Fearful));
        Assert.Contains("fearful", e.Message);
        Assert.Throws<UnknownLabelException>(() => Emotions.Parse("grumpy"));
        Assert.Throws<ArgumentException>(() => new LabelSet(new[] { Emotion.Sad, Emotion.Sad }));
        Assert.Throws<ArgumentException>(() => new LabelSet(new[] { Emotion.Sad }, new Dictionary<Emotion, Emotion> { [Emotion.Calm] = Emotion.Neutral }));
        Assert.Equal("angry,happy,neutral,sad (calm→neutral)", LabelSet.Paper4CalmAsNeutral.ToString());
    }
}
