using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using Ser.Core.Audio;
using Ser.Core.Features;

namespace Ser.Core.Explanations;

/// <summary>
/// Turns an explanation into sound, so that a person can hear what the model attended to (the paper's §7.4).
/// Time variant: the map is collapsed over frequency to a time profile, smoothed with a window of ones, the attended
/// frames are kept (<see cref="AudibleExplanationOptions.Keep"/>), and a sample-level gain envelope with short fades
/// is applied to the original waveform (the rest is the complement). Time–frequency variant: the STFT of the audio
/// (the front-end's framing) is multiplied by the map spread from mel bands to STFT bins and resynthesised by inverse
/// STFT with weighted overlap-add.
/// </summary>
public static class AudibleExplanation
{
    /// <summary>The per-frame keep decision for <paramref name="map"/> (true = attended).</summary>
    public static bool[] AttendedFrames(ExplanationMap map, AudibleExplanationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        options ??= new AudibleExplanationOptions();
        options.Validate();
        float[] profile = Smooth(map.TimeProfile(), options.SmoothingFrames);
        var keep = new bool[profile.Length];
        if (profile.Length == 0) return keep;
        if (options.Keep == AttendedTimes.AboveMean)
        {
            double mean = 0;
            foreach (float v in profile) mean += v;
            mean /= profile.Length;
            for (int t = 0; t < profile.Length; t++) keep[t] = profile[t] > mean;
        }
        else
        {
            int count = Math.Max(1, (int)Math.Round(options.TopFraction * profile.Length));
            var order = Enumerable.Range(0, profile.Length).OrderByDescending(t => profile[t]).Take(count);
            foreach (int t in order) keep[t] = true;
        }
        return keep;
    }

    /// <summary>The gain (0…1) for each sample frame of <paramref name="clip"/>: 1 in attended times, 0 elsewhere, linear fades between.</summary>
    public static float[] GainEnvelope(AudioClip clip, ExplanationMap map, AudibleExplanationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        options ??= new AudibleExplanationOptions();
        bool[] keep = AttendedFrames(map, options);
        int n = clip.FrameCount;
        var gain = new float[n];
        if (keep.Length == 0) return gain;
        // Each sample takes the decision of the frame whose window centre is nearest.
        double t0 = map.FrameCentreTime(0), step = map.FrameCentreTime(1) - t0;
        for (int i = 0; i < n; i++)
        {
            int frame = (int)Math.Round(((double)i / clip.SampleRate - t0) / step);
            gain[i] = keep[Math.Clamp(frame, 0, keep.Length - 1)] ? 1f : 0f;
        }
        int fade = (int)Math.Round(options.FadeMilliseconds * clip.SampleRate / 1000);
        return fade > 0 ? Ramp(gain, fade) : gain;
    }

    /// <summary>The attended parts of <paramref name="clip"/> (gain envelope applied to every channel).</summary>
    public static AudioClip Attended(AudioClip clip, ExplanationMap map, AudibleExplanationOptions? options = null) =>
        Apply(clip, GainEnvelope(clip, map, options), complement: false, "attended");

    /// <summary>The rest of <paramref name="clip"/>: the complement of <see cref="Attended"/>.</summary>
    public static AudioClip Unattended(AudioClip clip, ExplanationMap map, AudibleExplanationOptions? options = null) =>
        Apply(clip, GainEnvelope(clip, map, options), complement: true, "unattended");

    /// <summary>Writes the attended parts (and, with <paramref name="restPath"/>, the rest) as 16-bit WAV files, atomically.</summary>
    public static void Write(AudioClip clip, ExplanationMap map, string attendedPath, string? restPath = null, AudibleExplanationOptions? options = null)
    {
        float[] gain = GainEnvelope(clip, map, options);
        Apply(clip, gain, complement: false, "attended").Save(attendedPath);
        if (restPath is not null) Apply(clip, gain, complement: true, "unattended").Save(restPath);
    }

    /// <summary>
    /// Time–frequency variant: the clip (mixed to mono and resampled to the front-end's rate) is analysed with the
    /// front-end's STFT, every bin is scaled by the map (mel bands spread to bins through the mel filter bank, bins
    /// outside the bank's range get 0), and the signal is resynthesised by inverse STFT with weighted overlap-add.
    /// </summary>
    public static AudioClip TimeFrequencyMasked(AudioClip clip, ExplanationMap map)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(map);
        LogMelOptions front = map.FrontEnd;
        AudioClip mono = clip.Channels == 1 ? clip : clip.ToMono();
        if (mono.SampleRate != front.SampleRate) mono = mono.Resample(front.SampleRate);
        StftOptions stftOptions = front.ToStftOptions();
        var stft = new Stft(stftOptions);
        ComplexSpectrogram spec = stft.Forward(mono.Samples);
        int frames = Math.Min(spec.Frames, map.Frames), bins = spec.Bins, bands = map.Bands;
        float[] bank = new MelFilterBank(front.ToMelOptions()).ToDense(); // bins × bands
        int fft = stftOptions.FftLength, hop = stftOptions.HopLength;
        float[] window = new float[fft];
        WindowFunction.Create(stftOptions.Window, stftOptions.EffectiveWindowLength, stftOptions.WindowSymmetry).CopyTo(window, stftOptions.WindowOffset);
        int n = mono.FrameCount;
        var output = new double[n];
        var norm = new double[n];
        var buffer = new Complex[fft];
        for (int t = 0; t < frames; t++)
        {
            Array.Clear(buffer);
            for (int k = 0; k < bins; k++)
            {
                double num = 0, den = 0;
                for (int m = 0; m < bands; m++)
                {
                    double w = bank[k * bands + m];
                    num += w * map[t, m];
                    den += w;
                }
                double mask = den > 0 ? num / den : 0;
                var value = new Complex(spec.Real[t * bins + k] * mask, spec.Imaginary[t * bins + k] * mask);
                buffer[k] = value;
                if (k > 0 && k < fft - k) buffer[fft - k] = Complex.Conjugate(value);
            }
            Fourier.Inverse(buffer, FourierOptions.Matlab);
            int start = stftOptions.FirstFrameStart + t * hop;
            for (int i = 0; i < fft; i++)
            {
                int s = start + i;
                if ((uint)s >= (uint)n || window[i] == 0) continue;
                output[s] += buffer[i].Real * window[i];
                norm[s] += window[i] * window[i];
            }
        }
        var samples = new float[n];
        for (int i = 0; i < n; i++) samples[i] = norm[i] > 1e-8 ? (float)(output[i] / norm[i]) : 0f;
        return new AudioClip(samples, mono.SampleRate, source: clip.Source + " (time-frequency explanation)");
    }

    private static AudioClip Apply(AudioClip clip, float[] gain, bool complement, string what)
    {
        int channels = clip.Channels;
        ReadOnlySpan<float> input = clip.Samples;
        var samples = new float[input.Length];
        for (int i = 0; i < gain.Length; i++)
        {
            float g = complement ? 1f - gain[i] : gain[i];
            for (int c = 0; c < channels; c++) samples[i * channels + c] = input[i * channels + c] * g;
        }
        return new AudioClip(samples, clip.SampleRate, clip.Layout, $"{clip.Source} ({what})");
    }

    /// <summary>Moving sum with a window of ones of <paramref name="length"/> frames (centred), divided by the length.</summary>
    internal static float[] Smooth(float[] profile, int length)
    {
        var result = new float[profile.Length];
        int half = length / 2;
        for (int t = 0; t < profile.Length; t++)
        {
            double s = 0;
            for (int u = t - half; u < t - half + length; u++)
            {
                if ((uint)u < (uint)profile.Length) s += profile[u];
            }
            result[t] = (float)(s / length);
        }
        return result;
    }

    /// <summary>Replaces 0→1 and 1→0 steps by linear ramps of <paramref name="fade"/> samples centred on the step.</summary>
    private static float[] Ramp(float[] gain, int fade)
    {
        var result = (float[])gain.Clone();
        for (int i = 1; i < gain.Length; i++)
        {
            if (gain[i] == gain[i - 1]) continue;
            bool rising = gain[i] > gain[i - 1];
            for (int j = -fade / 2; j < fade - fade / 2; j++)
            {
                int s = i + j;
                if ((uint)s >= (uint)gain.Length) continue;
                float r = (j + fade / 2 + 0.5f) / fade;
                result[s] = Math.Min(result[s] == gain[s] ? float.MaxValue : result[s], rising ? r : 1 - r);
            }
        }
        return result;
    }
}
