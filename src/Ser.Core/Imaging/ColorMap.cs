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

    // Inferno (black → purple → orange → pale yellow) at 9 evenly spaced points, for heat maps over spectrograms.
    private static readonly (byte R, byte G, byte B)[] Inferno =
    [
        (0, 0, 4), (31, 12, 72), (85, 15, 109), (136, 34, 106), (186, 54, 85),
        (227, 89, 51), (249, 140, 10), (249, 201, 50), (252, 255, 164),
    ];

    /// <summary>Inferno colour of <paramref name="t"/> in [0, 1] (clamped; NaN maps to 0); its luminance rises monotonically with t.</summary>
    /// <param name="t">Position on the map.</param>
    public static (byte R, byte G, byte B) InfernoAt(double t) => At(Inferno, t);

    /// <summary>Viridis colour of <paramref name="t"/> in [0, 1] (clamped; NaN maps to 0).</summary>
    /// <param name="t">Position on the map.</param>
    public static (byte R, byte G, byte B) ViridisAt(double t) => At(Viridis, t);

    private static (byte R, byte G, byte B) At((byte R, byte G, byte B)[] map, double t)
    {
        if (double.IsNaN(t) || t < 0) t = 0;
        if (t > 1) t = 1;
        double x = t * (map.Length - 1);
        int i = Math.Min((int)x, map.Length - 2);
        double f = x - i;
        var (a, b) = (map[i], map[i + 1]);
        return ((byte)Math.Round(a.R + f * (b.R - a.R)), (byte)Math.Round(a.G + f * (b.G - a.G)), (byte)Math.Round(a.B + f * (b.B - a.B)));
    }
}
