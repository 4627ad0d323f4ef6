using System.Buffers.Binary;

namespace Ser.Core.Audio;

/// <summary>Writes <see cref="AudioClip"/>s as RIFF/WAVE (16-bit PCM or 32-bit float).</summary>
public static class WavWriter
{
    /// <summary>
    /// Writes a WAV file atomically: the data goes to a temporary file in the same folder, which is
    /// flushed to disk and then renamed over <paramref name="path"/>, so a reader never sees half a file.
    /// </summary>
    /// <param name="path">Destination path.</param>
    /// <param name="clip">The audio.</param>
    /// <param name="format">Sample encoding.</param>
    public static void Write(string path, AudioClip clip, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(clip);
        IO.AtomicFile.Write(path, s => Write(s, clip, format));
    }

    /// <summary>Writes WAV data to a stream.</summary>
    /// <param name="stream">Destination stream.</param>
    /// <param name="clip">The audio.</param>
    /// <param name="format">Sample encoding.</param>
    public static void Write(Stream stream, AudioClip clip, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(clip);
        int bytesPerSample = format == WavSampleFormat.Pcm16 ? 2 : 4;
        ushort tag = format == WavSampleFormat.Pcm16 ? (ushort)1 : (ushort)3;
        var samples = clip.Samples;
        long dataBytes = (long)samples.Length * bytesPerSample;
        if (dataBytes + 36 > uint.MaxValue) throw new ArgumentException("The clip is too long for a RIFF/WAVE file (4 GiB limit).", nameof(clip));

        Span<byte> h = stackalloc byte[44];
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)clip.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)(clip.SampleRate * clip.Channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)(clip.Channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], (ushort)(8 * bytesPerSample));
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], (uint)dataBytes);
        stream.Write(h);

        var buf = new byte[1 << 16];
        int perChunk = buf.Length / bytesPerSample;
        for (int start = 0; start < samples.Length; start += perChunk)
        {
            int count = Math.Min(perChunk, samples.Length - start);
            var src = samples.Slice(start, count);
            if (format == WavSampleFormat.Pcm16)
            {
                for (int i = 0; i < count; i++)
                {
                    float v = MathF.Round(src[i] * 32768f);
                    short q = v >= 32767f ? short.MaxValue : v <= -32768f ? short.MinValue : (short)v;
                    BinaryPrimitives.WriteInt16LittleEndian(buf.AsSpan(2 * i), q);
                }
            }
            else
            {
                for (int i = 0; i < count; i++) BinaryPrimitives.WriteSingleLittleEndian(buf.AsSpan(4 * i), src[i]);
            }
            stream.Write(buf, 0, count * bytesPerSample);
        }
    }
}
