using System.Globalization;
using System.Text;
using Ser.Core.Audio;
using Ser.Core.Data;
using Ser.Core.Features;
using Ser.Core.Imaging;
using Ser.Core.IO;

namespace Ser.Core.Explanations;

/// <summary>
/// Per-emotion frequency profiles (the paper's Fig. 24): for every clip, the Grad-CAM map of its predicted emotion is
/// averaged over time to one value per mel band; the profiles of clips predicted as the same emotion are averaged.
/// It shows which frequency bands the model relies on for each emotion.
/// </summary>
public sealed class EmotionFrequencyProfile
{
    private EmotionFrequencyProfile(IReadOnlyList<Emotion> emotions, IReadOnlyList<float[]> profiles, IReadOnlyList<int> counts, LogMelOptions frontEnd)
    {
        Emotions = emotions;
        Profiles = profiles;
        Counts = counts;
        BandCentres = Centres(frontEnd);
    }

    /// <summary>The emotions (the model's classes, in order).</summary>
    public IReadOnlyList<Emotion> Emotions { get; }

    /// <summary>Mean Grad-CAM per mel band for each emotion (all zeros where no clip was predicted as it).</summary>
    public IReadOnlyList<float[]> Profiles { get; }

    /// <summary>Clips predicted as each emotion.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>Centre frequency of each mel band in Hz.</summary>
    public IReadOnlyList<double> BandCentres { get; }

    /// <summary>Computes the profiles over <paramref name="clips"/> with <paramref name="explainer"/>, reporting clips done.</summary>
    public static EmotionFrequencyProfile Compute(GradCam explainer, IEnumerable<AudioClip> clips, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(explainer);
        ArgumentNullException.ThrowIfNull(clips);
        IReadOnlyList<Emotion>? classes = null;
        double[][]? sums = null;
        int[]? counts = null;
        LogMelOptions? frontEnd = null;
        int done = 0;
        foreach (AudioClip clip in clips)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ExplanationMap map = explainer.Explain(clip);
            classes ??= map.Classes;
            frontEnd ??= map.FrontEnd;
            sums ??= classes.Select(_ => new double[map.Bands]).ToArray();
            counts ??= new int[classes.Count];
            int e = IndexOf(classes, map.Target);
            float[] profile = map.FrequencyProfile();
            for (int b = 0; b < profile.Length; b++) sums[e][b] += profile[b];
            counts[e]++;
            progress?.Report(++done);
        }
        if (classes is null || sums is null || counts is null || frontEnd is null) throw new ArgumentException("no clips", nameof(clips));
        var profiles = sums.Select((s, e) => s.Select(v => counts[e] == 0 ? 0f : (float)(v / counts[e])).ToArray()).ToArray();
        return new EmotionFrequencyProfile(classes, profiles, counts, frontEnd);
    }

    /// <summary>Writes a CSV (atomically): band, centre_hz, then one column per emotion.</summary>
    public void SaveCsv(string path)
    {
        var sb = new StringBuilder("band,centre_hz");
        foreach (var e in Emotions) sb.Append(',').Append(e.Name());
        sb.Append('\n');
        for (int b = 0; b < BandCentres.Count; b++)
        {
            sb.Append(b.ToString(CultureInfo.InvariantCulture)).Append(',').Append(BandCentres[b].ToString("F1", CultureInfo.InvariantCulture));
            foreach (var p in Profiles) sb.Append(',').Append(p[b].ToString("G6", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>
    /// Writes a PNG: one column per emotion (in <see cref="Emotions"/> order, <paramref name="columnWidth"/> pixels wide,
    /// 4 white pixels apart), mel bands bottom to top, inferno colours scaled to the largest value of all profiles.
    /// </summary>
    public void SavePng(string path, int columnWidth = 24, int pixelsPerBand = 4)
    {
        int bands = BandCentres.Count, gap = 4;
        int w = Emotions.Count * columnWidth + (Emotions.Count - 1) * gap, h = bands * pixelsPerBand;
        float max = Profiles.SelectMany(p => p).DefaultIfEmpty(0).Max();
        var rgb = new byte[w * h * 3];
        Array.Fill(rgb, (byte)255);
        for (int e = 0; e < Emotions.Count; e++)
        {
            for (int y = 0; y < h; y++)
            {
                int band = bands - 1 - y / pixelsPerBand;
                var (r, g, b) = ColorMap.InfernoAt(max > 0 ? Profiles[e][band] / max : 0);
                for (int x = e * (columnWidth + gap); x < e * (columnWidth + gap) + columnWidth; x++)
                {
                    int o = (y * w + x) * 3;
                    rgb[o] = r; rgb[o + 1] = g; rgb[o + 2] = b;
                }
            }
        }
        PngWriter.WriteRgb(path, rgb, w, h);
    }

    /// <summary>Band centres: the interior points of bands + 2 points evenly spaced in mel between the bank's edges.</summary>
    private static double[] Centres(LogMelOptions o)
    {
        double lo = Mel.FromHertz(o.MinFrequency, o.MelScale), hi = Mel.FromHertz(o.MaxFrequency ?? o.SampleRate / 2.0, o.MelScale);
        var centres = new double[o.MelBands];
        for (int m = 0; m < o.MelBands; m++) centres[m] = Mel.ToHertz(lo + (hi - lo) * (m + 1) / (o.MelBands + 1), o.MelScale);
        return centres;
    }

    private static int IndexOf(IReadOnlyList<Emotion> classes, Emotion e)
    {
        for (int i = 0; i < classes.Count; i++) if (classes[i] == e) return i;
        throw new InvalidOperationException($"{e} is not a class");
    }
}
