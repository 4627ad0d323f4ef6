using Ser.Core.Features;
using Ser.Core.Imaging;

namespace Ser.Core.Explanations;

/// <summary>
/// Pictures of explanations, time left to right and low frequencies at the bottom, <c>pixelsPerFrame</c> pixels per
/// frame and <c>pixelsPerBand</c> pixels per mel band (PNG, our own encoder). Heat maps use the perceptual inferno colour map;
/// overlays put it over the log-mel in grey, with the map value as opacity. Signed maps (LIME) show their positive part
/// scaled to its maximum.
/// </summary>
public static class ExplanationImage
{
    /// <summary>Writes the map alone as an inferno heat map.</summary>
    public static void SaveHeatPng(ExplanationMap map, string path, int pixelsPerBand = 4, int pixelsPerFrame = 1)
    {
        var (rgb, w, h) = Render(map, pixelsPerBand, pixelsPerFrame, overlay: false);
        PngWriter.WriteRgb(path, rgb, w, h);
    }

    /// <summary>Writes the log-mel in grey with the map overlaid (opacity = <paramref name="opacity"/> × map value).</summary>
    public static void SaveOverlayPng(ExplanationMap map, string path, int pixelsPerBand = 4, int pixelsPerFrame = 1, double opacity = 0.8)
    {
        var (rgb, w, h) = Render(map, pixelsPerBand, pixelsPerFrame, overlay: true, opacity);
        PngWriter.WriteRgb(path, rgb, w, h);
    }

    /// <summary>
    /// The paper's side-by-side figure (Figs. 26–29): the raw log-mel, then each map overlaid on it, left to right,
    /// separated by 8 white columns. All maps must lie on the same clip's log-mel.
    /// </summary>
    public static void SaveSideBySidePng(IReadOnlyList<ExplanationMap> maps, string path, int pixelsPerBand = 4, int pixelsPerFrame = 1)
    {
        ArgumentNullException.ThrowIfNull(maps);
        if (maps.Count == 0) throw new ArgumentException("no maps", nameof(maps));
        var panels = new List<(byte[] Rgb, int W, int H)> { Grey(maps[0].LogMel, pixelsPerBand, pixelsPerFrame) };
        foreach (var m in maps)
        {
            if (m.Frames != maps[0].Frames || m.Bands != maps[0].Bands) throw new ArgumentException("the maps are of different clips (frames or bands differ)", nameof(maps));
            panels.Add(Render(m, pixelsPerBand, pixelsPerFrame, overlay: true));
        }
        const int gap = 8;
        int h = panels[0].H, w = panels.Sum(p => p.W) + gap * (panels.Count - 1);
        var rgb = new byte[w * h * 3];
        Array.Fill(rgb, (byte)255);
        int x0 = 0;
        foreach (var (panel, pw, _) in panels)
        {
            for (int y = 0; y < h; y++) panel.AsSpan(y * pw * 3, pw * 3).CopyTo(rgb.AsSpan((y * w + x0) * 3));
            x0 += pw + gap;
        }
        PngWriter.WriteRgb(path, rgb, w, h);
    }

    /// <summary>Map values scaled to [0, 1] by the maximum of their positive part.</summary>
    internal static float[] Unit(ExplanationMap map)
    {
        float max = 0;
        foreach (float v in map.Data) max = Math.Max(max, v);
        var unit = new float[map.Data.Length];
        if (max > 0)
        {
            for (int i = 0; i < unit.Length; i++) unit[i] = Math.Max(0, map.Data[i]) / max;
        }
        return unit;
    }

    private static (byte[] Rgb, int W, int H) Render(ExplanationMap map, int pixelsPerBand, int pixelsPerFrame, bool overlay, double opacity = 0.8)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (pixelsPerBand < 1 || pixelsPerFrame < 1) throw new ArgumentOutOfRangeException(nameof(pixelsPerBand), "pixels per band and per frame must be ≥ 1");
        if (map.Frames == 0) throw new ArgumentException("the map has no frames", nameof(map));
        float[] unit = Unit(map);
        var (grey, w, h) = overlay ? Grey(map.LogMel, pixelsPerBand, pixelsPerFrame) : (null, map.Frames * pixelsPerFrame, map.Bands * pixelsPerBand);
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            int band = map.Bands - 1 - y / pixelsPerBand;
            for (int x = 0; x < w; x++)
            {
                float v = unit[x / pixelsPerFrame * map.Bands + band];
                var (r, g, b) = ColorMap.InfernoAt(v);
                int o = (y * w + x) * 3;
                if (grey is null)
                {
                    rgb[o] = r; rgb[o + 1] = g; rgb[o + 2] = b;
                }
                else
                {
                    double a = opacity * v;
                    rgb[o] = (byte)Math.Round(grey[o] * (1 - a) + r * a);
                    rgb[o + 1] = (byte)Math.Round(grey[o + 1] * (1 - a) + g * a);
                    rgb[o + 2] = (byte)Math.Round(grey[o + 2] * (1 - a) + b * a);
                }
            }
        }
        return (rgb, w, h);
    }

    /// <summary>The log-mel in grey, scaled between its 1st and 99.5th percentiles.</summary>
    private static (byte[] Rgb, int W, int H) Grey(Spectrogram logMel, int pixelsPerBand, int pixelsPerFrame)
    {
        var sorted = logMel.Data.ToArray();
        Array.Sort(sorted);
        float lo = sorted[(int)(0.01 * (sorted.Length - 1))], hi = sorted[(int)(0.995 * (sorted.Length - 1))];
        float range = hi > lo ? hi - lo : 1f;
        int w = logMel.Frames * pixelsPerFrame, h = logMel.Bins * pixelsPerBand;
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            int band = logMel.Bins - 1 - y / pixelsPerBand;
            for (int x = 0; x < w; x++)
            {
                byte v = (byte)Math.Round(255 * Math.Clamp((logMel[x / pixelsPerFrame, band] - lo) / range, 0, 1));
                int o = (y * w + x) * 3;
                rgb[o] = v; rgb[o + 1] = v; rgb[o + 2] = v;
            }
        }
        return (rgb, w, h);
    }
}
