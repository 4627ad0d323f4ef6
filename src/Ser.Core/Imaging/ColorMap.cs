namespace Ser.Core.Imaging;

/// <summary>Perceptually uniform colour maps for spectrograms and heat maps.</summary>
public static class ColorMap
{
    // Viridis sampled at 9 evenly spaced points (matplotlib's published values, rounded); linear in between.
    private static readonly (byte R, byte G, byte B)[] Viridis =
    [
        (68, 1, 84), (72, 40, 120), (62, 73, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (110, 206, 88), (253, 231, 37),
    ];

    /// <summary>Viridis colour of <paramref name="t"/> in [0, 1] (clamped; NaN maps to 0).</summary>
    /// <param name="t">Position on the map.</param>
    public static (byte R, byte G, byte B) ViridisAt(double t)
    {
        if (double.IsNaN(t) || t < 0) t = 0;
        if (t > 1) t = 1;
        double x = t * (Viridis.Length - 1);
        int i = Math.Min((int)x, Viridis.Length - 2);
        double f = x - i;
        var (a, b) = (Viridis[i], Viridis[i + 1]);
        return ((byte)Math.Round(a.R + f * (b.R - a.R)), (byte)Math.Round(a.G + f * (b.G - a.G)), (byte)Math.Round(a.B + f * (b.B - a.B)));
    }
}
