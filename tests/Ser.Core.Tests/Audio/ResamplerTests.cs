using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Audio;
using Ser.Core.Tests.Support;
using Xunit;

namespace Ser.Core.Tests.Audio;

public class ResamplerTests
{
    /// <summary>Residual of <paramref name="y"/> against the ideal sine (least-squares fit of amplitude and phase), dB re the sine.</summary>
    private static double ResidualDb(float[] y, int rate, double hz, int skip)
    {
        double sc = 0, ss = 0, cc = 0, sy = 0, cy = 0;
        for (int i = skip; i < y.Length - skip; i++)
        {
            double a = 2 * Math.PI * hz * i / rate, s = Math.Sin(a), c = Math.Cos(a);
            ss += s * s; cc += c * c; sc += s * c; sy += s * y[i]; cy += c * y[i];
        }
        double det = ss * cc - sc * sc, A = (sy * cc - cy * sc) / det, B = (cy * ss - sy * sc) / det;
        double err = 0, sig = 0;
        for (int i = skip; i < y.Length - skip; i++)
        {
            double a = 2 * Math.PI * hz * i / rate, ideal = A * Math.Sin(a) + B * Math.Cos(a);
            err += (y[i] - ideal) * (y[i] - ideal);
            sig += ideal * ideal;
        }
        return 10 * Math.Log10(err / sig);
    }

    [Theory]
    [InlineData(48000, 16000)]
    [InlineData(16000, 48000)]
    [InlineData(44100, 16000)]
    [InlineData(8000, 22050)]
    public void OneKilohertzSineHasResidualBelowMinus80Db(int from, int to)
    {
        var y = Resampler.Create(from, to).Process(TestSignals.Sine(from, 1.0));
        double db = ResidualDb(y, to, 1000, to / 20);
        Assert.True(db <= -80, $"{from}->{to}: residual {db:F1} dB");
    }

    [Theory]
    [InlineData(48000, 16000, 9000)]
    [InlineData(48000, 16000, 8050)]
    [InlineData(44100, 8000, 5000)]
    public void ToneAboveNewNyquistIsAttenuatedBy80Db(int from, int to, double hz)
    {
        var x = TestSignals.Sine(from, 1.0, hz, 0.5);
        var y = Resampler.Create(from, to).Process(x);
        double inRms = Rms(x, 0), outRms = Rms(y, to / 20);
        double att = 20 * Math.Log10(outRms / inRms);
        Assert.True(att <= -80, $"{hz} Hz {from}->{to}: {att:F1} dB");
    }

    [Fact]
    public void OutputLengthIsCeilOfScaledInputLength()
    {
        Prop.ForAll(Gen.Choose(0, 5000).ToArbitrary(), Gen.Elements(8000, 11025, 16000, 22050, 44100, 48000, 96000, 192000).ToArbitrary(), Gen.Elements(8000, 16000, 22050, 48000).ToArbitrary(),
            (n, from, to) =>
            {
                var r = Resampler.Create(from, to);
                long expected = (long)Math.Ceiling((decimal)n * to / from);
                return r.Process(new float[n]).Length == expected;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RatesOutsideTheSupportedRangeAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Create(4000, 16000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Create(16000, 384000));
    }

    private static double Rms(float[] x, int skip)
    {
        double s = 0; int n = 0;
        for (int i = skip; i < x.Length - skip; i++) { s += x[i] * (double)x[i]; n++; }
        return Math.Sqrt(s / n);
    }
}
