using Ser.Core.Audio;

namespace Ser.Core.Data;

/// <summary>One generated utterance.</summary>
/// <param name="Clip">The audio (16 kHz mono).</param>
/// <param name="Emotion">The emotion it was generated with.</param>
/// <param name="Speaker">Synthetic speaker ("syn01", …).</param>
/// <param name="Gender">Alternating female/male.</param>
public sealed record SyntheticUtterance(AudioClip Clip, Emotion Emotion, string Speaker, Gender Gender);

/// <summary>
/// A deterministic emotional-speech stand-in for demos and tests, with no data files: every
/// speaker has its own pitch, spectral tilt and loudness; every emotion shifts the pitch level and
/// range, the syllable rate (tempo), the loudness and the spectral tilt, roughly as acted emotional
/// speech does (angry and happy: higher, louder, brighter, faster; sad: lower, softer, darker, slower;
/// fearful: high, fast, narrow range; neutral and calm in between). Utterances are sequences of
/// voiced "syllables" (harmonic source with vibrato and jitter, formant-like resonances, onset and
/// decay envelopes) separated by short pauses, plus a little breath noise.
/// </summary>
public static class SyntheticCorpus
{
    /// <summary>Sample rate of the generated clips, Hz.</summary>
    public const int SampleRate = 16_000;

    private readonly record struct Style(double PitchFactor, double PitchRange, double Rate, double Loudness, double Tilt);

    private static Style StyleOf(Emotion e) => e switch
    {
        Emotion.Angry => new(1.20, 0.12, 1.45, 2.2, 0.88),
        Emotion.Happy => new(1.45, 0.50, 1.00, 1.2, 0.72),
        Emotion.Sad => new(0.85, 0.06, 0.70, 0.6, 0.55),
        Emotion.Fearful => new(1.45, 0.10, 1.45, 0.9, 0.70),
        Emotion.Calm => new(0.92, 0.08, 0.85, 0.8, 0.62),
        Emotion.Disgust => new(0.95, 0.15, 0.80, 1.1, 0.72),
        Emotion.Surprised => new(1.40, 0.45, 1.10, 1.4, 0.78),
        Emotion.Bored => new(0.88, 0.03, 0.75, 0.7, 0.58),
        _ => new(1.0, 0.12, 1.0, 1.0, 0.68),
    };

    /// <summary>
    /// Generates <paramref name="utterancesPerEmotion"/> clips of <paramref name="seconds"/> seconds for
    /// every emotion of <paramref name="labels"/> and each of <paramref name="speakers"/> speakers.
    /// The same arguments always give the same audio.
    /// </summary>
    public static IReadOnlyList<SyntheticUtterance> Generate(LabelSet labels, int speakers, int utterancesPerEmotion, int seed = 0, double seconds = 2.0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(speakers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(utterancesPerEmotion, 1);
        if (!(seconds >= 0.5 && seconds <= 30)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "must be in [0.5, 30]");
        var list = new List<SyntheticUtterance>();
        for (int s = 0; s < speakers; s++)
        {
            var voice = new Random(seed * 7919 + s);
            Gender gender = s % 2 == 0 ? Gender.Female : Gender.Male;
            double basePitch = (gender == Gender.Female ? 200 : 115) * (0.9 + 0.2 * voice.NextDouble());
            double tiltOffset = 0.08 * (voice.NextDouble() - 0.5), level = 0.7 + 0.6 * voice.NextDouble();
            double formant1 = 500 + 200 * voice.NextDouble(), formant2 = 1400 + 500 * voice.NextDouble();
            foreach (Emotion e in labels.Classes)
            {
                for (int u = 0; u < utterancesPerEmotion; u++)
                {
                    var rng = new Random(HashCodeFree(seed, s, (int)e, u));
                    float[] x = Utterance(rng, StyleOf(e), basePitch, tiltOffset, level, formant1, formant2, seconds);
                    string speaker = $"syn{s + 1:D2}";
                    list.Add(new SyntheticUtterance(new AudioClip(x, SampleRate, source: $"{speaker}-{e.Name()}-{u + 1:D2}"), e, speaker, gender));
                }
            }
        }
        return list;
    }

    private static int HashCodeFree(int seed, int speaker, int emotion, int utterance) =>
        unchecked(((seed * 1_000_003 + speaker) * 1_000_033 + emotion) * 1_000_037 + utterance) & 0x7FFFFFFF;

    private static float[] Utterance(Random rng, Style st, double basePitch, double tiltOffset, double level, double f1, double f2, double seconds)
    {
        int n = (int)(seconds * SampleRate);
        var x = new double[n];
        double syllable = 0.22 / st.Rate, pause = 0.06 / st.Rate;
        double t0 = 0.1 * rng.NextDouble();
        double tilt = Math.Clamp(st.Tilt + tiltOffset, 0.3, 0.95);
        double phase = 0;
        while (t0 < seconds - 0.1)
        {
            double length = syllable * (0.7 + 0.6 * rng.NextDouble());
            double pitch = basePitch * st.PitchFactor * (1 + st.PitchRange * (rng.NextDouble() - 0.5));
            double glide = st.PitchRange * (rng.NextDouble() - 0.5);
            int start = (int)(t0 * SampleRate), end = Math.Min(n, (int)((t0 + length) * SampleRate));
            for (int i = start; i < end; i++)
            {
                double tau = (double)(i - start) / Math.Max(1, end - start);
                double f0 = pitch * (1 + glide * tau) * (1 + 0.01 * Math.Sin(2 * Math.PI * 5.5 * i / SampleRate));
                phase += 2 * Math.PI * f0 / SampleRate;
                double v = 0;
                for (int k = 1; k * f0 < 7500; k++)
                {
                    double hz = k * f0;
                    double resonance = 1 + 2.5 * Math.Exp(-Math.Pow((hz - f1) / 150, 2)) + 1.8 * Math.Exp(-Math.Pow((hz - f2) / 250, 2));
                    v += Math.Pow(tilt, k) * resonance * Math.Sin(k * phase);
                }
                double envelope = Math.Min(1, tau * 12) * Math.Min(1, (1 - tau) * 6);
                x[i] += 0.05 * level * st.Loudness * envelope * v;
            }
            t0 += length + pause * (0.5 + rng.NextDouble());
        }
        var y = new float[n];
        for (int i = 0; i < n; i++) y[i] = (float)(x[i] + 0.0015 * (rng.NextDouble() - 0.5));
        return y;
    }
}
