namespace Ser.Core.Audio;

/// <summary>
/// Decoder of Microsoft ADPCM in WAV (format tag 0x0002, 4 bits per sample): blocks of <c>blockAlign</c> bytes whose
/// header holds, per channel, the predictor index, the initial delta and the two first samples (second one first in
/// time); then nibbles, high nibble first, channels interleaved nibble by nibble. Coefficients come from the 'fmt '
/// chunk.
/// </summary>
internal static class MsAdpcm
{
    private static readonly int[] Adaptation = [230, 230, 230, 230, 307, 409, 512, 614, 768, 614, 512, 409, 307, 230, 230, 230];

    /// <summary>The seven standard coefficient pairs (what every writer puts in the 'fmt ' chunk).</summary>
    public static readonly (int C1, int C2)[] StandardCoefficients = [(256, 0), (512, -256), (0, 0), (192, 64), (240, 0), (460, -208), (392, -232)];

    /// <summary>Samples per block for <paramref name="blockAlign"/> bytes and <paramref name="channels"/> channels.</summary>
    public static int SamplesPerBlock(int blockAlign, int channels) => (blockAlign - 7 * channels) * 2 / channels + 2;

    /// <summary>Decodes whole and partial blocks to interleaved float32 (int16 / 32768); at most <paramref name="maxFrames"/> frames.</summary>
    /// <exception cref="AudioFormatException">A block header is malformed.</exception>
    public static float[] Decode(ReadOnlySpan<byte> data, int channels, int blockAlign, (int C1, int C2)[] coefficients, long maxFrames, string name)
    {
        if (channels is < 1 or > 2) throw new AudioFormatException(name, $"Microsoft ADPCM with {channels} channels (1 or 2 are defined)");
        if (blockAlign < 7 * channels) throw new AudioFormatException(name, $"Microsoft ADPCM: block align {blockAlign} is shorter than its header");
        if ((long)data.Length * 2 > Array.MaxLength) throw new AudioFormatException(name, "Microsoft ADPCM: too many samples for one clip");
        var output = new List<float>(Math.Min(data.Length * 2 + 4, 1 << 24));
        Span<int> predictor = stackalloc int[channels], delta = stackalloc int[channels], s1 = stackalloc int[channels], s2 = stackalloc int[channels];
        for (int at = 0; at + 7 * channels <= data.Length && output.Count / channels < maxFrames; at += blockAlign)
        {
            var block = data.Slice(at, Math.Min(blockAlign, data.Length - at));
            for (int c = 0; c < channels; c++)
            {
                predictor[c] = block[c];
                if (predictor[c] >= coefficients.Length)
                    throw new AudioFormatException(name, $"Microsoft ADPCM: predictor {predictor[c]} in block at byte {at}, only {coefficients.Length} coefficient pairs");
                delta[c] = (short)(block[channels + 2 * c] | (block[channels + 2 * c + 1] << 8));
                s1[c] = (short)(block[3 * channels + 2 * c] | (block[3 * channels + 2 * c + 1] << 8));
                s2[c] = (short)(block[5 * channels + 2 * c] | (block[5 * channels + 2 * c + 1] << 8));
            }
            for (int c = 0; c < channels; c++) output.Add(s2[c] / 32768f);
            for (int c = 0; c < channels; c++) output.Add(s1[c] / 32768f);
            int channel = 0;
            for (int i = 7 * channels; i < block.Length; i++)
            {
                for (int half = 0; half < 2; half++)
                {
                    int nibble = half == 0 ? block[i] >> 4 : block[i] & 0xF;
                    var (c1, c2) = coefficients[predictor[channel]];
                    int predicted = (s1[channel] * c1 + s2[channel] * c2) >> 8;
                    int signed = nibble >= 8 ? nibble - 16 : nibble;
                    int sample = Math.Clamp(predicted + signed * delta[channel], short.MinValue, short.MaxValue);
                    s2[channel] = s1[channel];
                    s1[channel] = sample;
                    delta[channel] = Math.Max(16, Adaptation[nibble] * delta[channel] >> 8);
                    output.Add(sample / 32768f);
                    channel = (channel + 1) % channels;
                }
            }
        }
        long keep = Math.Min(output.Count / channels, maxFrames) * channels;
        if (output.Count > keep) output.RemoveRange((int)keep, output.Count - (int)keep);
        return [.. output];
    }
}
