using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.Features;

public class FramingTests
{
    [Fact]
    public void VGGishFramingGives5998FramesFor60Seconds() // mel_features convention, not torch.stft's 5997
        => Assert.Equal(5998, new LogMel(LogMelOptions.VGGish).FrameCount(60 * 16000));

    [Fact]
    public void PaperFramingIsCentred() => Assert.Equal(6001, new LogMel(LogMelOptions.Paper).FrameCount(60 * 48000));

    [Fact]
    public void FrameCountMatchesTheFormulaAndTheTransformOutput()
    {
        var cases = from n in Gen.Choose(1, 4000) from fft in Gen.Choose(2, 700) from hop in Gen.Choose(1, 300)
                    from pad in Gen.Elements(Padding.None, Padding.Reflect, Padding.Zeros)
                    select (n, fft, hop, pad);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (n, fft, hop, pad) = c;
            var o = new StftOptions { FftLength = fft, HopLength = hop, Padding = pad };
            int expected = pad == Padding.None ? (n >= fft ? 1 + (n - fft) / hop : 0) : 1 + (n + 2 * (fft / 2) - fft) / hop;
            var s = new Stft(o).Magnitude(new float[n], 16000);
            return o.FrameCount(n) == expected && s.Frames == expected;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void StftOfASineHasItsPeakAtTheSineBin()
    {
        var s = new Stft(new StftOptions { FftLength = 1200, HopLength = 480 }).Magnitude(TestSignals.Sine(48000, 0.2, 1000), 48000);
        var frame = s.Frame(s.Frames / 2).ToArray();
        Assert.Equal(25, Array.IndexOf(frame, frame.Max())); // 1000 Hz / (48000 / 1200) = bin 25
    }

    [Fact]
    public void ClipAtAnotherRateIsResampledOrRejected()
    {
        var clip = new AudioClip(TestSignals.Sine(48000, 1.0), 48000);
        Assert.Equal(98, new LogMel(LogMelOptions.VGGish).Compute(clip).Frames);
        var strict = new LogMelOptions { ResampleInput = false };
        var e = Assert.Throws<AudioFormatException>(() => new LogMel(strict).Compute(clip));
        Assert.Contains("48000 Hz", e.Message);
    }

    [Fact]
    public void ClipShorterThanOneFrameIsRejectedClearly()
        => Assert.Throws<AudioFormatException>(() => new LogMel(LogMelOptions.VGGish).Compute(new AudioClip(new float[100], 16000, source: "tiny.wav")));

    [Fact]
    public void InvalidOptionsListEveryBadField()
    {
        var e = Assert.Throws<ArgumentException>(() => new LogMel(new LogMelOptions { HopLength = 0, MelBands = 0, LogOffset = -1 }));
        Assert.Contains("HopLength", e.Message);
        Assert.Contains("MelBands", e.Message);
        Assert.Contains("LogOffset", e.Message);
    }

    [Fact]
    public void SinglePrecisionStaysCloseToDoubleOnSpeechLikeSignals()
    {
        var x = TestSignals.Noise(16000, 1.0);
        var d = new LogMel(LogMelOptions.VGGish).Compute(x).Data.ToArray();
        var s = new LogMel(new LogMelOptions { Precision = ComputePrecision.Single }).Compute(x).Data.ToArray();
        Assert.True(d.Zip(s, (a, b) => Math.Abs(a - b)).Max() < 1e-3);
    }
}
