namespace Ser.Core.Augmentation;

/// <summary>
/// Waveform-similarity overlap-add (Verhelst &amp; Roelands 1993): changes duration, keeps pitch.
/// Frames of <c>frame</c> samples are taken near their nominal input position, shifted within
/// ±frame/4 to best continue the previous frame (maximum cross-correlation), Hann-windowed and
/// overlap-added at half-frame spacing.
/// </summary>
internal static class Wsola
{
    /// <summary>Stretches <paramref name="x"/> to exactly <paramref name="outputLength"/> samples.</summary>
    internal static float[] Stretch(float[] x, int outputLength, int frame)
    {
        if (x.Length == 0 || outputLength <= 0) return new float[Math.Max(0, outputLength)];
        int hop = frame / 2, tolerance = frame / 4;
        double ratio = (double)x.Length / outputLength;          // input samples per output sample
        var window = new float[frame];
        for (int i = 0; i < frame; i++) window[i] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / frame));   // periodic Hann: sums to 1 at hop N/2
        var padded = new float[x.Length + 2 * frame + 2 * tolerance];
        int origin = frame + tolerance;
        Array.Copy(x, 0, padded, origin, x.Length);
        var y = new float[outputLength + frame];
        int previous = origin - hop;                               // analysis start of the previous frame
        for (int k = 0; k * hop < outputLength; k++)
        {
            int nominal = origin + (int)Math.Round(k * hop * ratio) - hop / 2;
            int best = nominal;
            if (k > 0)
            {
                int natural = previous + hop;                         // where the previous frame would continue
                double bestScore = double.NegativeInfinity;
                for (int d = -tolerance; d <= tolerance; d++)
                {
                    int start = nominal + d;
                    if (start < 0 || start + frame > padded.Length) continue;
                    double score = System.Numerics.Tensors.TensorPrimitives.Dot<float>(
                        padded.AsSpan(start, frame), padded.AsSpan(natural, frame));
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = start;
                    }
                }
            }
            best = Math.Clamp(best, 0, padded.Length - frame);
            int outStart = k * hop - hop / 2;
            for (int i = 0; i < frame; i++)
            {
                int o = outStart + i;
                if (o >= 0 && o < y.Length) y[o] += window[i] * padded[best + i];
            }
            previous = best;
        }
        return y.AsSpan(0, outputLength).ToArray();
    }
}
