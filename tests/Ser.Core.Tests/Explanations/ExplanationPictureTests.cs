using Ser.Core.Data;
using Ser.Core.Explanations;
using Ser.Core.Features;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.Explanations;

[Collection(LibtorchCollection.Name)]
public sealed class ExplanationPictureTests(BurstModelFixture burst) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-pictures-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ExplanationMap Synthetic(int frames, int hotFrame, int hotBand)
    {
        var data = new float[frames * 64];
        for (int t = 0; t < frames; t++)
            for (int b = 0; b < 64; b++)
                data[t * 64 + b] = (float)Math.Exp(-((t - hotFrame) * (t - hotFrame) + (b - hotBand) * (b - hotBand)) / 50.0);
        var logMel = new Spectrogram(Enumerable.Range(0, frames * 64).Select(i => (float)(i % 17)).ToArray(), frames, 64, 16000, 160);
        return new ExplanationMap("test", data, logMel, Emotion.Neutral, [1f], [Emotion.Neutral], [], [], LogMelOptions.VGGish);
    }

    [Fact]
    public void TheHeatPictureHasTheMapsSizeAndItsBrightestPixelWhereTheMapPeaks()
    {
        var map = Synthetic(120, hotFrame: 30, hotBand: 50);
        string path = Path.Combine(_dir, "heat.png");
        ExplanationImage.SaveHeatPng(map, path, pixelsPerBand: 2);
        var (w, h, rgb) = PngDecoder.Read(path);
        Assert.Equal((120, 128), (w, h));
        int best = 0;
        double bestLuma = -1;
        for (int i = 0; i < w * h; i++)
        {
            double luma = 0.2126 * rgb[3 * i] + 0.7152 * rgb[3 * i + 1] + 0.0722 * rgb[3 * i + 2];
            if (luma > bestLuma) (bestLuma, best) = (luma, i);
        }
        int x = best % w, y = best / w;
        Assert.Equal(30, x);
        Assert.Equal(50, 63 - y / 2);                                       // low bands at the bottom
    }

    [Fact]
    public void TheOverlayAndTheSideBySideFigureHaveTheExpectedSizes()
    {
        var map = Synthetic(100, 20, 10);
        string overlay = Path.Combine(_dir, "overlay.png"), side = Path.Combine(_dir, "side.png");
        ExplanationImage.SaveOverlayPng(map, overlay);
        ExplanationImage.SaveSideBySidePng([map, map, map], side);
        Assert.Equal((100, 256), PngDecoder.Size(overlay));
        Assert.Equal((4 * 100 + 3 * 8, 256), PngDecoder.Size(side));
        Assert.Throws<ArgumentException>(() => ExplanationImage.SaveSideBySidePng([map, Synthetic(90, 1, 1)], side));
    }

    [Fact]
    public void TheFrequencyProfileOfTheBurstEmotionPeaksInTheBurstsBands()
    {
        var explainer = new GradCam(burst.Model);
        var clips = Enumerable.Range(0, 6).Select(i => BurstModelFixture.Clip(9100 + i, i % 2 == 1).Clip).ToList();
        var profile = EmotionFrequencyProfile.Compute(explainer, clips);
        Assert.Equal(new[] { Emotion.Neutral, Emotion.Angry }, profile.Emotions);
        Assert.Equal(6, profile.Counts.Sum());
        Assert.True(profile.Counts[1] >= 3);
        float[] angry = profile.Profiles[1];
        int peak = Array.IndexOf(angry, angry.Max());
        Assert.InRange(peak, 8, 28);                                        // the burst: 600–1400 Hz ≈ bands 11–25
        Assert.InRange(profile.BandCentres[peak], 400, 2000);
        string csv = Path.Combine(_dir, "profile.csv"), png = Path.Combine(_dir, "profile.png");
        profile.SaveCsv(csv);
        profile.SavePng(png);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("band,centre_hz,neutral,angry", lines[0]);
        Assert.Equal(65, lines.Length);
        Assert.Equal((2 * 24 + 4, 256), PngDecoder.Size(png));
    }
}
