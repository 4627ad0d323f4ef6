using System.Numerics;
using Ser.Core.Numerics;
using Xunit;

namespace Ser.Core.Tests.Numerics;

public class LaneFftTests
{
    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)]
    [InlineData(8)] [InlineData(12)] [InlineData(15)] [InlineData(16)] [InlineData(49)] [InlineData(60)] [InlineData(64)]
    [InlineData(77)] [InlineData(97)] [InlineData(100)] [InlineData(256)] [InlineData(600)] [InlineData(1000)]
    public void ComplexTransformMatchesNaiveDftInEveryLane(int n)
    {
        int lanes = Vector<float>.Count;
        var rng = new Random(n);
        var xr = new double[lanes, n];
        var xi = new double[lanes, n];
        var re = new Vector<float>[n]; var im = new Vector<float>[n];
        var lr = new float[lanes]; var li = new float[lanes];
        for (int t = 0; t < n; t++)
        {
            for (int l = 0; l < lanes; l++) { lr[l] = (float)(xr[l, t] = rng.NextDouble() * 2 - 1); li[l] = (float)(xi[l, t] = rng.NextDouble() * 2 - 1); }
            re[t] = new Vector<float>(lr); im[t] = new Vector<float>(li);
        }
        new LaneFft<float>(n).Forward(re, im, new Vector<float>[n], new Vector<float>[n]);
        double maxErr = 0;
        for (int l = 0; l < lanes; l++)
            for (int k = 0; k < n; k++)
            {
                double sr = 0, si = 0;
                for (int t = 0; t < n; t++)
                {
                    double a = -2 * Math.PI * ((long)k * t % n) / n;
                    sr += xr[l, t] * Math.Cos(a) - xi[l, t] * Math.Sin(a);
                    si += xr[l, t] * Math.Sin(a) + xi[l, t] * Math.Cos(a);
                }
                maxErr = Math.Max(maxErr, Math.Max(Math.Abs(sr - re[k][l]), Math.Abs(si - im[k][l])));
            }
        Assert.True(maxErr < 2e-5 * Math.Sqrt(n) * Math.Log2(n + 1) + 1e-5, $"n={n}: max error {maxErr}");
    }

    [Theory]
    [InlineData(2)] [InlineData(9)] [InlineData(400)] [InlineData(512)] [InlineData(1200)] [InlineData(1201)]
    public void RealTransformMatchesNaiveDft(int n)
    {
        int lanes = Vector<float>.Count;
        var fft = new RealLaneFft<float>(n);
        var rng = new Random(n);
        var x = new double[lanes, n];
        int c = fft.ComplexLength;
        var zr = new float[c * lanes]; var zi = new float[c * lanes];
        for (int l = 0; l < lanes; l++)
            for (int t = 0; t < n; t++)
            {
                float v = (float)(x[l, t] = rng.NextDouble() * 2 - 1);
                if (fft.IsPacked) { if (t % 2 == 0) zr[(t / 2) * lanes + l] = v; else zi[(t / 2) * lanes + l] = v; }
                else zr[t * lanes + l] = v;
            }
        var vr = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(zr.AsSpan());
        var vi = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(zi.AsSpan());
        var outR = new Vector<float>[fft.Bins]; var outI = new Vector<float>[fft.Bins];
        fft.Forward(vr, vi, new Vector<float>[c], new Vector<float>[c], outR, outI);
        double maxErr = 0;
        for (int l = 0; l < lanes; l++)
            for (int k = 0; k < fft.Bins; k++)
            {
                double sr = 0, si = 0;
                for (int t = 0; t < n; t++)
                {
                    double a = -2 * Math.PI * ((long)k * t % n) / n;
                    sr += x[l, t] * Math.Cos(a);
                    si += x[l, t] * Math.Sin(a);
                }
                maxErr = Math.Max(maxErr, Math.Max(Math.Abs(sr - outR[k][l]), Math.Abs(si - outI[k][l])));
            }
        Assert.True(maxErr < 1e-3, $"n={n}: max error {maxErr}");
    }
}
