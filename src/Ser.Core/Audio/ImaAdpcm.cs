namespace Ser.Core.Audio;

/// <summary>
/// Decoder of IMA ADPCM in WAV (format tag 0x0011, 4 bits per sample): blocks of <c>blockAlign</c> bytes, each starting
/// with one 4-byte header per channel (the first sample as int16, the step index, a reserved byte), then groups of
/// 4 bytes per channel in turn, 8 samples per group, low nibble first.
/// </summary>
internal static class ImaAdpcm
{
    private static readonly int[] IndexTable = [-1, -1, -1, -1, 2, 4, 6, 8, -1, -1, -1, -1, 2, 4, 6, 8];

    private static readonly int[] StepTable =
    [
        7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66, 73, 80, 88, 97, 107, 118,
        130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449, 494, 544, 598, 658, 724, 796, 876, 963, 1060,
        1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272, 2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484,
        7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
    ];

    /// <summary>Samples per block for <paramref name="blockAlign"/> bytes and <paramref name="channels"/> channels.</summary>
    public static int SamplesPerBlock(int blockAlign, int channels) => (blockAlign - 4 * channels) * 8 / (4 * channels) + 1;

    /// <summary>Checks that <paramref name="blockAlign"/> and <paramref name="samplesPerBlock"/> fit <paramref name="channels"/> channels.</summary>
    /// <exception cref="AudioFormatException">They do not.</exception>
    public static void CheckLayout(int channels, int blockAlign, int samplesPerBlock, string name)
    {
        if (blockAlign < 4 * channels || (blockAlign - 4 * channels) % (4 * channels) != 0)
            throw new AudioFormatException(name, $"IMA ADPCM: block align {blockAlign} does not fit {channels} channel(s)");
        if (samplesPerBlock != SamplesPerBlock(blockAlign, channels))
            throw new AudioFormatException(name, $"IMA ADPCM: {samplesPerBlock} samples per block do not match block align {blockAlign}");
    }

    /// <summary>Sample frames in a block of <paramref name="bytes"/> bytes (a whole block, or the last, partial one); 0 when it lacks its headers.</summary>
    public static int FramesIn(int bytes, int channels) => bytes < 4 * channels ? 0 : 1 + (bytes - 4 * channels) / (4 * channels) * 8;

    /// <summary>
    /// Decodes one block (whole, or the file's last, partial one) to interleaved float32 (int16 / 32768) in
    /// <paramref name="output"/>, which holds <see cref="FramesIn"/> frames; returns the frames written.
    /// </summary>
    /// <param name="block">The block's bytes.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="output">Interleaved samples written.</param>
    /// <param name="offset">The block's byte offset in the data chunk, for messages.</param>
    /// <param name="name">The source, for messages.</param>
    /// <exception cref="AudioFormatException">A block header is malformed.</exception>
    public static int DecodeBlock(ReadOnlySpan<byte> block, int channels, Span<float> output, long offset, string name)
    {
        int frames = FramesIn(block.Length, channels);
        if (frames == 0) return 0;
        Span<int> predictor = stackalloc int[channels], index = stackalloc int[channels];
        for (int c = 0; c < channels; c++)
        {
            predictor[c] = (short)(block[4 * c] | (block[4 * c + 1] << 8));
            index[c] = block[4 * c + 2];
            if (index[c] > 88) throw new AudioFormatException(name, $"IMA ADPCM: step index {index[c]} in block at byte {offset} is over 88");
            output[c] = predictor[c] / 32768f;
        }
        int groups = (frames - 1) / 8;
        for (int g = 0; g < groups; g++)
        {
            for (int c = 0; c < channels; c++)
            {
                var bytes = block.Slice(4 * channels + (g * channels + c) * 4, 4);
                for (int k = 0; k < 8; k++)
                {
                    int nibble = (bytes[k >> 1] >> ((k & 1) * 4)) & 0xF;
                    output[(1 + g * 8 + k) * channels + c] = Step(ref predictor[c], ref index[c], nibble) / 32768f;
                }
            }
        }
        return frames;
    }

    private static int Step(ref int predictor, ref int index, int nibble)
    {
        int step = StepTable[index];
        int diff = step >> 3;
        if ((nibble & 4) != 0) diff += step;
        if ((nibble & 2) != 0) diff += step >> 1;
        if ((nibble & 1) != 0) diff += step >> 2;
        predictor = Math.Clamp((nibble & 8) != 0 ? predictor - diff : predictor + diff, short.MinValue, short.MaxValue);
        index = Math.Clamp(index + IndexTable[nibble], 0, 88);
        return predictor;
    }
}
