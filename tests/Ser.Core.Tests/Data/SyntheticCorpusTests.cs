using Ser.Core.Data;
using Ser.Core.Features;
using Xunit;

namespace Ser.Core.Tests.Data;

public class SyntheticCorpusTests
{
    [Fact]
    public void GenerationIsDeterministicAndEmotionsDifferAsDocumented()
    {
        var a = SyntheticCorpus.Generate(LabelSet.Paper4, speakers: 2, utterancesPerEmotion: 2, seed: 5, seconds: 1);
        var b = SyntheticCorpus.Generate(LabelSet.Paper4, speakers: 2, utterancesPerEmotion: 2, seed: 5, seconds: 1);
        Assert.Equal(2 * 4 * 2, a.Count);
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Clip.Samples.ToArray(), b[i].Clip.Samples.ToArray());
        Assert.NotEqual(a[0].Clip.Samples.ToArray(), SyntheticCorpus.Generate(LabelSet.Paper4, 2, 2, seed: 6, seconds: 1)[0].Clip.Samples.ToArray());
        Assert.Equal(new[] { Gender.Female, Gender.Male }, a.Select(u => u.Gender).Distinct());

        var fx = new AcousticFeatureExtractor();
        double Mean(Emotion e, string feature) => a.Where(u => u.Emotion == e && u.Speaker == "syn01").Average(u => fx.ClipFeatures(u.Clip)[feature]);
        Assert.True(Mean(Emotion.Angry, "rms_mean") > 2 * Mean(Emotion.Sad, "rms_mean"));                        // louder
        Assert.True(Mean(Emotion.Angry, "spectral_centroid_mean") > Mean(Emotion.Sad, "spectral_centroid_mean")); // brighter
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticCorpus.Generate(LabelSet.Paper4, 0, 1));
    }
}
