using System.Globalization;
using System.Text;
using Ser.Core.Data;
using Ser.Core.IO;
using Ser.Core.Features;

namespace Ser.Core.Explanations;

/// <summary>
/// An explanation of one clip's decision as a map over its whole log-mel spectrogram: frames × mel bands,
/// row-major, the same grid as <see cref="LogMel"/>. Grad-CAM and occlusion maps are in [0, 1] (1 = the most
/// important cell); LIME maps hold the regression weights of the regions (signed).
/// </summary>
public sealed class ExplanationMap
{
    internal ExplanationMap(string method, float[] data, Spectrogram logMel, Emotion target, IReadOnlyList<float> probabilities,
        IReadOnlyList<Emotion> classes, IReadOnlyList<float[]> patchMaps, IReadOnlyList<int> patchStarts, LogMelOptions? frontEnd)
    {
        FrontEnd = frontEnd ?? LogMelOptions.VGGish;
        Method = method;
        Data = data;
        LogMel = logMel;
        Target = target;
        Probabilities = probabilities;
        Classes = classes;
        PatchMaps = patchMaps;
        PatchStartFrames = patchStarts;
    }

    /// <summary>"Grad-CAM (VGGishLastConv)", "LIME" or "occlusion".</summary>
    public string Method { get; }

    /// <summary>Map values, <see cref="Frames"/> × <see cref="Bands"/> row-major.</summary>
    public float[] Data { get; }

    /// <summary>The clip's log-mel spectrogram the map lies on.</summary>
    public Spectrogram LogMel { get; }

    /// <summary>The log-mel options of the model's front-end (VGGish's when the pipeline had no LogMel stage).</summary>
    public LogMelOptions FrontEnd { get; }

    /// <summary>Time in seconds of the centre of frame <paramref name="frame"/>'s analysis window.</summary>
    public double FrameCentreTime(int frame)
    {
        StftOptions stft = FrontEnd.ToStftOptions();
        double centre = stft.FirstFrameStart + stft.WindowOffset + stft.EffectiveWindowLength / 2.0;
        return (centre + (double)frame * LogMel.HopLength) / LogMel.SampleRate;
    }

    /// <summary>Frames (rows), as in <see cref="LogMel"/>.</summary>
    public int Frames => LogMel.Frames;

    /// <summary>Mel bands (columns), as in <see cref="LogMel"/>.</summary>
    public int Bands => LogMel.Bins;

    /// <summary>Frames per second (the log-mel hop).</summary>
    public double FrameRate => LogMel.FrameRate;

    /// <summary>The class explained.</summary>
    public Emotion Target { get; }

    /// <summary>The model's clip-level probabilities (mean over patches), in <see cref="Classes"/> order.</summary>
    public IReadOnlyList<float> Probabilities { get; }

    /// <summary>The model's classes.</summary>
    public IReadOnlyList<Emotion> Classes { get; }

    /// <summary>The map of each patch before stitching (96 × 64 each, unnormalised), where the method has one.</summary>
    public IReadOnlyList<float[]> PatchMaps { get; }

    /// <summary>First log-mel frame of each patch.</summary>
    public IReadOnlyList<int> PatchStartFrames { get; }

    /// <summary>The value at a frame and band.</summary>
    public float this[int frame, int band] => Data[frame * Bands + band];

    /// <summary>Mean of the map over bands: one value per frame (the time profile).</summary>
    public float[] TimeProfile()
    {
        var profile = new float[Frames];
        for (int t = 0; t < Frames; t++)
        {
            double s = 0;
            for (int b = 0; b < Bands; b++) s += Data[t * Bands + b];
            profile[t] = (float)(s / Bands);
        }
        return profile;
    }

    /// <summary>Mean of the map over frames: one value per mel band (the frequency profile).</summary>
    public float[] FrequencyProfile()
    {
        var profile = new double[Bands];
        for (int t = 0; t < Frames; t++)
        {
            for (int b = 0; b < Bands; b++) profile[b] += Data[t * Bands + b];
        }
        var result = new float[Bands];
        for (int b = 0; b < Bands; b++) result[b] = Frames == 0 ? 0 : (float)(profile[b] / Frames);
        return result;
    }

    /// <summary>
    /// The share of the map's positive mass that lies in a time–frequency rectangle (frames [<paramref name="firstFrame"/>,
    /// <paramref name="endFrame"/>), bands [<paramref name="firstBand"/>, <paramref name="endBand"/>)); 0 for an all-zero map.
    /// </summary>
    public double MassIn(int firstFrame, int endFrame, int firstBand, int endBand)
    {
        double inside = 0, total = 0;
        for (int t = 0; t < Frames; t++)
        {
            for (int b = 0; b < Bands; b++)
            {
                double v = Math.Max(0, Data[t * Bands + b]);
                total += v;
                if (t >= firstFrame && t < endFrame && b >= firstBand && b < endBand) inside += v;
            }
        }
        return total > 0 ? inside / total : 0;
    }

    /// <summary>Writes the map as CSV (atomically): one row per frame (frame, time_s of the window centre, then one column per mel band).</summary>
    public void SaveCsv(string path)
    {
        var sb = new StringBuilder("frame,time_s");
        for (int b = 0; b < Bands; b++) sb.Append(",band").Append(b.ToString(CultureInfo.InvariantCulture));
        sb.Append('\n');
        for (int t = 0; t < Frames; t++)
        {
            sb.Append(t.ToString(CultureInfo.InvariantCulture)).Append(',').Append(FrameCentreTime(t).ToString("F4", CultureInfo.InvariantCulture));
            for (int b = 0; b < Bands; b++) sb.Append(',').Append(Data[t * Bands + b].ToString("G5", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
