using Ser.Core.Features;

namespace Ser.Core.Imaging;

/// <summary>Renders spectrograms as images: time left to right, low frequencies at the bottom.</summary>
public static class SpectrogramImage
{
    /// <summary>
    /// Writes <paramref name="spectrogram"/> as a viridis PNG, one pixel per frame horizontally and
    /// <paramref name="pixelsPerBin"/> pixels per bin vertically, scaled between the 1st and 99.5th percentile.
    /// </summary>
    /// <param name="spectrogram">Frames × bins values (e.g. a log-mel spectrogram).</param>
    /// <param name="path">Destination PNG.</param>
    /// <param name="pixelsPerBin">Vertical magnification (default 4).</param>
    public static void SavePng(Spectrogram spectrogram, string path, int pixelsPerBin = 4)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        if (spectrogram.Frames == 0) throw new ArgumentException("The spectrogram has no frames.", nameof(spectrogram));
        var sorted = spectrogram.Data.ToArray();
        Array.Sort(sorted);
        float lo = sorted[(int)(0.01 * (sorted.Length - 1))], hi = sorted[(int)(0.995 * (sorted.Length - 1))];
        float range = hi > lo ? hi - lo : 1f;
        int w = spectrogram.Frames, h = spectrogram.Bins * pixelsPerBin;
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            int bin = spectrogram.Bins - 1 - y / pixelsPerBin;
            for (int x = 0; x < w; x++)
            {
                var (r, g, b) = ColorMap.ViridisAt((spectrogram[x, bin] - lo) / range);
                int o = (y * w + x) * 3;
                rgb[o] = r; rgb[o + 1] = g; rgb[o + 2] = b;
            }
        }
        PngWriter.WriteRgb(path, rgb, w, h);
    }
}
