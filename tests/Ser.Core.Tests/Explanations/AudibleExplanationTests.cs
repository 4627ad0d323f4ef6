using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Explanations;
using Ser.Core.Features;
using Ser.Core.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ser.Core.Tests.Explanations;

[Collection(LibtorchCollection.Name)]
public sealed class AudibleExplanationTests(BurstModelFixture burst, ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-explain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double Energy(ReadOnlySpan<float> x, int from, int to)
    {
        double e = 0;
        for (int i = Math.Max(0, from); i < Math.Min(x.Length, to); i++) e += (double)x[i] * x[i];
        return e;
    }

    [Theory]
    [InlineData(9000)]
    [InlineData(9001)]
    [InlineData(9002)]
    public void TheAttendedAudioHoldsTheBurstAndLittleElse(int seed)
    {
        var (clip, start) = BurstModelFixture.Clip(seed, burst: true);
        ExplanationMap map = new GradCam(burst.Model).Explain(clip);
        Assert.Equal(Emotion.Angry, map.Target);
        string attended = Path.Combine(_dir, "attended.wav"), rest = Path.Combine(_dir, "rest.wav");
        AudibleExplanation.Write(clip, map, attended, rest);
        float[] kept = AudioClip.Load(attended).Samples.ToArray(), other = AudioClip.Load(rest).Samples.ToArray();
        int end = start + BurstModelFixture.BurstSamples;
        double burstKept = Energy(kept, start, end) / Energy(clip.Samples, start, end);
        double otherKept = (Energy(kept, 0, start) + Energy(kept, end, kept.Length)) / (Energy(clip.Samples, 0, start) + Energy(clip.Samples, end, clip.FrameCount));
        double burstInRest = Energy(other, start, end) / Energy(clip.Samples, start, end);
        output.WriteLine($"burst energy kept {burstKept:P1}; other energy kept {otherKept:P1}; burst energy in the rest {burstInRest:P1}");
        Assert.True(burstKept > 0.95, $"only {burstKept:P0} of the burst's energy is in the attended audio");
        Assert.True(otherKept < 0.2, $"{otherKept:P0} of the other energy is in the attended audio");
        Assert.True(burstInRest < 0.05, $"{burstInRest:P0} of the burst's energy is in the rest");
        Assert.Equal(clip.FrameCount, kept.Length);
    }

    [Fact]
    public void TheGainEnvelopeFadesAndTheTopFractionKeepsThatShareOfFrames()
    {
        var (clip, _) = BurstModelFixture.Clip(9003, burst: true);
        ExplanationMap map = new GradCam(burst.Model).Explain(clip);
        float[] gain = AudibleExplanation.GainEnvelope(clip, map, new AudibleExplanationOptions { FadeMilliseconds = 10 });
        Assert.All(gain, g => Assert.InRange(g, 0f, 1f));
        for (int i = 1; i < gain.Length; i++) Assert.True(Math.Abs(gain[i] - gain[i - 1]) <= 1.0 / 160 + 1e-6, $"a step of {gain[i] - gain[i - 1]} at sample {i}: no fade");
        bool[] top = AudibleExplanation.AttendedFrames(map, new AudibleExplanationOptions { Keep = AttendedTimes.TopFraction, TopFraction = 0.25 });
        Assert.Equal((int)Math.Round(0.25 * map.Frames), top.Count(k => k));
    }

    [Fact]
    public void TimeFrequencyMaskingWithAFullMapResynthesisesTheSignalAndAMaskRemovesIt()
    {
        float[] tone = TestSignals.Sine(16000, 1.0, 1000, 0.5);
        var clip = new AudioClip(tone, 16000);
        var logMel = new LogMel(LogMelOptions.VGGish).Compute(tone);
        var ones = new ExplanationMap("test", Enumerable.Repeat(1f, logMel.Frames * logMel.Bins).ToArray(), logMel, Emotion.Neutral, [1f], [Emotion.Neutral], [], [], LogMelOptions.VGGish);
        float[] back = AudibleExplanation.TimeFrequencyMasked(clip, ones).Samples.ToArray();
        double err = 0, sig = 0;
        for (int i = 400; i < tone.Length - 400; i++)
        {
            err += (back[i] - tone[i]) * (double)(back[i] - tone[i]);
            sig += (double)tone[i] * tone[i];
        }
        output.WriteLine($"resynthesis error {10 * Math.Log10(err / sig):F1} dB");
        Assert.True(err / sig < 1e-4, $"resynthesis error {10 * Math.Log10(err / sig):F1} dB");
        // Zero the bands around 1 kHz in the first half only: the first half goes quiet, the second stays.
        var half = (float[])ones.Data.Clone();
        for (int t = 0; t < logMel.Frames / 2; t++) for (int b = 0; b < 64; b++) half[t * 64 + b] = 0;
        var masked = new ExplanationMap("test", half, logMel, Emotion.Neutral, [1f], [Emotion.Neutral], [], [], LogMelOptions.VGGish);
        float[] y = AudibleExplanation.TimeFrequencyMasked(clip, masked).Samples.ToArray();
        Assert.True(Energy(y, 1000, 6000) < 1e-3 * Energy(tone, 1000, 6000));
        Assert.True(Energy(y, 10000, 15000) > 0.95 * Energy(tone, 10000, 15000));
    }
}
