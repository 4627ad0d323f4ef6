namespace Ser.Core.Audio;

/// <summary>
/// Reads WAV data, and nothing else, as one clip: RIFF/WAVE, RF64 and BW64, PCM 8/16/24/32-bit (and 12/20-bit samples in
/// 16/24-bit containers), IEEE float 32/64, µ-law, A-law, IMA and Microsoft ADPCM, plain or WAVE_FORMAT_EXTENSIBLE, any
/// channel count; unknown chunks (and their odd-size pad byte, or none where a writer left it out) are skipped.
/// Compressed codecs (GSM, MPEG, …) and big-endian RIFX are refused with their name. Every defect raises
/// <see cref="AudioFormatException"/>; no buffer is ever sized by a header field that the data does not back.
/// <see cref="AudioClip.Load(string, WavReadOptions?)"/> also reads AIFF, Ogg Vorbis and MP3, and
/// <see cref="AudioReader"/> streams any of them in bounded memory.
/// </summary>
public static class WavReader
{
    /// <summary>Reads a WAV file.</summary>
    /// <param name="path">File path.</param>
    /// <param name="options">Channel handling and size limit (default: mix to mono, 2 GiB of samples).</param>
    /// <exception cref="AudioFormatException">The file cannot be decoded; the message names the file and the reason.</exception>
    public static AudioClip Read(string path, WavReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(AudioReader.OpenFile(path), path, options, leaveOpen: false);
    }

    /// <summary>Reads WAV data from a stream (seekable or not), left open.</summary>
    /// <param name="stream">Stream positioned at the RIFF header.</param>
    /// <param name="name">Name used in error messages; "&lt;stream&gt;" when null.</param>
    /// <param name="options">Channel handling and size limit (default: mix to mono, 2 GiB of samples).</param>
    /// <exception cref="AudioFormatException">The data cannot be decoded.</exception>
    public static AudioClip Read(Stream stream, string? name = null, WavReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, name ?? "<stream>", options, leaveOpen: true);
    }

    private static AudioClip Read(Stream stream, string name, WavReadOptions? options, bool leaveOpen)
    {
        var input = new ByteInput(stream, name, leaveOpen);
        try
        {
            using var reader = WavStreamReader.Open(input, options ?? WavReadOptions.Default);
            return reader.ReadClip();
        }
        finally
        {
            input.Dispose();
        }
    }
}
