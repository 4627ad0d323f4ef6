namespace Ser.Core.Tests.Support;

/// <summary>Deterministic test signals; the same formulas as reference/make_logmel_fixtures.py.</summary>
public static class TestSignals
{
    public static float[] Sine(int sampleRate, double seconds, double hz = 1000, double amplitude = 0.5)
    {
        int n = (int)Math.Round(seconds * sampleRate);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * ((double)i / sampleRate)));
        return x;
    }

    public static float[] Chirp(int sampleRate, double seconds, double f0 = 100, double f1 = 7000)
    {
        int n = (int)Math.Round(seconds * sampleRate);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / sampleRate;
            x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * seconds))));
        }
        return x;
    }

    /// <summary>Uniform noise in [-0.25, 0.25) from a 64-bit LCG (Knuth's MMIX constants).</summary>
    public static float[] Noise(int sampleRate, double seconds, ulong seed = 12345)
    {
        int n = (int)Math.Round(seconds * sampleRate);
        var x = new float[n];
        ulong state = seed;
        for (int i = 0; i < n; i++)
        {
            state = unchecked(state * 6364136223846793005UL + 1442695040888963407UL);
            x[i] = (float)((state >> 40) / (double)(1 << 24) * 0.5 - 0.25);
        }
        return x;
    }

    public static float[] Silence(int sampleRate, double seconds) => new float[(int)Math.Round(seconds * sampleRate)];
}
