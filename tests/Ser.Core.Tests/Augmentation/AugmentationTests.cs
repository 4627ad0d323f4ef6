using Ser.Core.Audio;
using Ser.Core.Augmentation;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.Augmentation;

public class AugmentationTests
{
    private const int Rate = 16000;

    /// <summary>A voiced-like signal: 12 harmonics of f0 with 1/k amplitudes.</summary>
    private static float[] Voiced(double f0, double seconds = 1.0)
    {
        int n = (int)(seconds * Rate);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / Rate, v = 0;
            for (int k = 1; k <= 12; k++) v += Math.Sin(2 * Math.PI * k * f0 * t) / k;
            x[i] = (float)(0.2 * v);
        }
        return x;
    }

    /// <summary>F0 by autocorrelation (60–400 Hz) with parabolic interpolation, over the middle half.</summary>
    internal static double EstimateF0(ReadOnlySpan<float> signal)
    {
        var x = signal.Slice(signal.Length / 4, signal.Length / 2);
        int minLag = Rate / 400, maxLag = Rate / 60;
        var r = new double[maxLag + 2];
        for (int lag = 0; lag <= maxLag + 1; lag++)
        {
            double s = 0;
            for (int i = 0; i + lag < x.Length; i++) s += x[i] * x[i + lag];
            r[lag] = s / (x.Length - lag);
        }
        int best = minLag;
        for (int lag = minLag; lag <= maxLag; lag++) if (r[lag] > r[best]) best = lag;
        double a = r[best - 1], b = r[best], c = r[best + 1];
        double shift = 0.5 * (a - c) / (a - 2 * b + c);
        return Rate / (best + shift);
    }

    private static double SnrDb(float[] clean, ReadOnlySpan<float> noisy)
    {
        double ps = 0, pn = 0;
        for (int i = 0; i < clean.Length; i++)
        {
            ps += clean[i] * (double)clean[i];
            double d = noisy[i] - clean[i];
            pn += d * d;
        }
        return 10 * Math.Log10(ps / pn);
    }

    [Theory]
    [InlineData(NoiseColor.White, 10)]
    [InlineData(NoiseColor.Pink, 0)]
    [InlineData(NoiseColor.White, 25)]
    public void NoiseIsAddedAtTheRequestedSnr(NoiseColor color, double snr)
    {
        var x = TestSignals.Sine(Rate, 1.0, 440);
        var y = new NoiseAugmentation(color, snr).Apply(new AudioClip(x, Rate), new Random(1));
        Assert.InRange(SnrDb(x, y.Samples), snr - 0.2, snr + 0.2);
    }

    [Fact]
    public void NoiseClipIsLoopedAtTheRequestedSnrAndSilenceIsRejected()
    {
        var x = Voiced(120);
        var noise = new AudioClip(TestSignals.Noise(Rate, 0.3), Rate);
        var y = new NoiseAugmentation(noise, 5).Apply(new AudioClip(x, Rate), new Random(2));
        Assert.InRange(SnrDb(x, y.Samples), 4.8, 5.2);
        var silent = new AudioClip(new float[Rate], Rate);
        Assert.Throws<ArgumentException>(() => new NoiseAugmentation(NoiseColor.White, 10).Apply(silent, new Random(0)));
        Assert.Throws<ArgumentException>(() => new NoiseAugmentation(silent, 10));
    }

    [Fact]
    public void PinkNoiseFallsThreeDecibelsPerOctave()
    {
        var x = TestSignals.Sine(Rate, 4.0, 1000, 1e-3);
        var y = new NoiseAugmentation(NoiseColor.Pink, -40).Apply(new AudioClip(x, Rate), new Random(3));
        // Mean power per bin of 250–500 Hz vs 2–4 kHz, three octaves apart: ≈ 9 dB for 1/f (0 for white).
        var spectrum = new Ser.Core.Features.Stft(new Ser.Core.Features.StftOptions { FftLength = 1024, WindowLength = 1024, HopLength = 512 }).Magnitude(y.Samples, Rate, power: true);
        double Band(double lo, double hi)
        {
            double p = 0;
            int first = (int)(lo * 1024 / Rate), last = (int)(hi * 1024 / Rate);
            for (int f = 0; f < spectrum.Frames; f++)
            {
                for (int b = first; b < last; b++) p += spectrum[f, b];
            }
            return p / (last - first);
        }
        double drop = 10 * Math.Log10(Band(250, 500) / Band(2000, 4000));
        Assert.InRange(drop, 7.5, 10.5);
    }

    [Fact]
    public void GainScalesByTheRequestedDecibels()
    {
        var x = TestSignals.Sine(Rate, 0.5);
        var y = new GainAugmentation(-6).Apply(new AudioClip(x, Rate), new Random(0));
        Assert.Equal(Math.Pow(10, -6 / 20.0), y.Samples[100] / x[100], 5);
    }

    [Fact]
    public void PitchShiftOfTwoSemitonesRaisesF0WithinOnePercentAndKeepsDuration()
    {
        var x = Voiced(150);
        Assert.InRange(EstimateF0(x), 148.5, 151.5);
        var y = new PitchShiftAugmentation(2).Apply(new AudioClip(x, Rate), new Random(0));
        Assert.Equal(x.Length, y.FrameCount);
        double expected = 150 * Math.Pow(2, 2 / 12.0);
        Assert.InRange(EstimateF0(y.Samples), expected * 0.99, expected * 1.01);
        var down = new PitchShiftAugmentation(-3).Apply(new AudioClip(x, Rate), new Random(0));
        double expectedDown = 150 * Math.Pow(2, -3 / 12.0);
        Assert.InRange(EstimateF0(down.Samples), expectedDown * 0.99, expectedDown * 1.01);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.25)]
    public void TimeStretchChangesDurationWithinOnePercentAndKeepsPitch(double rate)
    {
        var x = Voiced(180);
        var y = new TimeStretchAugmentation(rate).Apply(new AudioClip(x, Rate), new Random(0));
        double expected = x.Length / rate;
        Assert.InRange(y.FrameCount, expected * 0.99, expected * 1.01);
        Assert.InRange(EstimateF0(y.Samples), 180 * 0.99, 180 * 1.01);
    }

    [Fact]
    public void LowPassMinusThreeDecibelPointIsWithinTwoPercentOfTheCutoff()
    {
        const double cutoff = 2000;
        var lp = new LowPassAugmentation(cutoff);
        double Gain(double hz)
        {
            var x = TestSignals.Sine(Rate, 0.5, hz);
            var y = lp.Apply(new AudioClip(x, Rate), new Random(0)).Samples;
            double px = 0, py = 0;
            for (int i = Rate / 4; i < x.Length; i++) { px += x[i] * (double)x[i]; py += y[i] * (double)y[i]; }
            return 10 * Math.Log10(py / px);
        }
        double previousHz = 1500, previous = Gain(previousHz), crossing = double.NaN;
        for (double hz = 1520; hz <= 2600; hz += 20)
        {
            double g = Gain(hz);
            if (g < -3.0103 && previous >= -3.0103)
            {
                crossing = previousHz + (hz - previousHz) * (previous + 3.0103) / (previous - g);
                break;
            }
            (previousHz, previous) = (hz, g);
        }
        Assert.InRange(crossing, cutoff * 0.98, cutoff * 1.02);
        Assert.True(Gain(500) > -0.1);
        Assert.True(Gain(6000) < -35);
    }

    [Fact]
    public void RandomCompositionIsDeterministicPerSeedAndIndex()
    {
        var clip = new AudioClip(Voiced(140, 0.5), Rate);
        RandomAugmenter Make(int seed) => new RandomAugmenter(seed)
            .Add(new NoiseAugmentation(NoiseColor.White, 5, 20), 0.8)
            .Add(new GainAugmentation(-6, 6), 0.5)
            .Add(new PitchShiftAugmentation(-2, 2), 0.5)
            .Add(new LowPassAugmentation(3000, 6000), 0.5);
        var a = Make(7).Apply(clip, 3);
        var b = Make(7).Apply(clip, 3);
        Assert.Equal(a.Applied, b.Applied);
        Assert.Equal(a.Clip.Samples.ToArray(), b.Clip.Samples.ToArray());
        var c = Make(7).Apply(clip, 4);
        Assert.NotEqual(a.Clip.Samples.ToArray(), c.Clip.Samples.ToArray());
        Assert.Equal(clip.FrameCount, a.Clip.FrameCount);
    }
}
