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

    /// <summary>Checks the channel count and block size.</summary>
    /// <exception cref="AudioFormatException">They are not what Microsoft ADPCM defines.</exception>
    public static void CheckLayout(int channels, int blockAlign, string name)
    {
        if (channels is < 1 or > 2) throw new AudioFormatException(name, $"Microsoft ADPCM with {channels} channels (1 or 2 are defined)");
        if (blockAlign < 7 * channels) throw new AudioFormatException(name, $"Microsoft ADPCM: block align {blockAlign} is shorter than its header");
    }

    /// <summary>Sample frames in a block of <paramref name="bytes"/> bytes (a whole block, or the last, partial one); 0 when it lacks its header.</summary>
    public static int FramesIn(int bytes, int channels) => bytes < 7 * channels ? 0 : 2 + (bytes - 7 * channels) * 2 / channels;

    /// <summary>
    /// Decodes one block (whole, or the file's last, partial one) to interleaved float32 (int16 / 32768) in
    /// <paramref name="output"/>, which holds <see cref="FramesIn"/> frames; returns the frames written.
    /// </summary>
    /// <param name="block">The block's bytes.</param>
    /// <param name="channels">Channels (1 or 2).</param>
    /// <param name="coefficients">The coefficient pairs of the 'fmt ' chunk.</param>
    /// <param name="output">Interleaved samples written.</param>
    /// <param name="offset">The block's byte offset in the data chunk, for messages.</param>
    /// <param name="name">The source, for messages.</param>
    /// <exception cref="AudioFormatException">A block header is malformed.</exception>
    public static int DecodeBlock(ReadOnlySpan<byte> block, int channels, (int C1, int C2)[] coefficients, Span<float> output, long offset, string name)
    {
        int frames = FramesIn(block.Length, channels);
        if (frames == 0) return 0;
        Span<int> predictor = stackalloc int[channels], delta = stackalloc int[channels], s1 = stackalloc int[channels], s2 = stackalloc int[channels];
        for (int c = 0; c < channels; c++)
        {
            predictor[c] = block[c];
            if (predictor[c] >= coefficients.Length)
                throw new AudioFormatException(name, $"Microsoft ADPCM: predictor {predictor[c]} in block at byte {offset}, only {coefficients.Length} coefficient pairs");
            delta[c] = (short)(block[channels + 2 * c] | (block[channels + 2 * c + 1] << 8));
            s1[c] = (short)(block[3 * channels + 2 * c] | (block[3 * channels + 2 * c + 1] << 8));
            s2[c] = (short)(block[5 * channels + 2 * c] | (block[5 * channels + 2 * c + 1] << 8));
        }
        int at = 0;
        for (int c = 0; c < channels; c++) output[at++] = s2[c] / 32768f;
        for (int c = 0; c < channels; c++) output[at++] = s1[c] / 32768f;
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
                output[at++] = sample / 32768f;
                channel = (channel + 1) % channels;
            }
        }
        return frames;
    }
}
