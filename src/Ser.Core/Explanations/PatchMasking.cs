namespace Ser.Core.Explanations;

/// <summary>Fills rectangles of a 96 × 64 patch according to a <see cref="MaskFill"/>.</summary>
internal static class PatchMasking
{
    public static (float Mean, float Std) Moments(ReadOnlySpan<float> patch)
    {
        double s = 0, ss = 0;
        foreach (float v in patch)
        {
            s += v;
            ss += (double)v * v;
        }
        double mean = s / patch.Length;
        return ((float)mean, (float)Math.Sqrt(Math.Max(0, ss / patch.Length - mean * mean)));
    }

    /// <summary>Replaces frames [t0, t1) × bands [b0, b1) of <paramref name="patch"/> (frames × 64).</summary>
    public static void Fill(Span<float> patch, int bands, int t0, int t1, int b0, int b1, MaskFill fill, (float Mean, float Std) moments, Random? random)
    {
        for (int t = t0; t < t1; t++)
        {
            Span<float> row = patch.Slice(t * bands + b0, b1 - b0);
            switch (fill)
            {
                case MaskFill.Zeros:
                    row.Clear();
                    break;
                case MaskFill.PatchMean:
                    row.Fill(moments.Mean);
                    break;
                default:
                    for (int i = 0; i < row.Length; i++) row[i] = moments.Mean + moments.Std * (float)Gaussian(random!);
                    break;
            }
        }
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
