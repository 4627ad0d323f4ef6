using System.Buffers.Binary;

namespace Ser.Core.Audio;

/// <summary>
/// Reads RIFF/WAVE data: PCM 8/16/24/32-bit (and 12/20-bit samples in 16/24-bit containers), IEEE float 32/64,
/// µ-law, A-law, plain or WAVE_FORMAT_EXTENSIBLE, any channel count. Unknown chunks (and their odd-size pad byte, or
/// none where a writer left it out) are skipped. IMA and Microsoft ADPCM are decoded (trimmed to the 'fact' chunk's frame count). RF64/BW64 (64-bit sizes in a 'ds64' chunk) are read up to 2 GiB of
/// data. Compressed codecs (ADPCM, GSM, MPEG) and big-endian RIFX are refused with their name.
/// Every defect raises <see cref="AudioFormatException"/>; no buffer is ever sized by a header field
/// that the data does not back.
/// </summary>
public static class WavReader
{
    private const ushort TagPcm = 1, TagFloat = 3, TagALaw = 6, TagMuLaw = 7, TagImaAdpcm = 0x11, TagMsAdpcm = 0x02, TagExtensible = 0xFFFE;

    /// <summary>Reads a WAV file.</summary>
    /// <param name="path">File path.</param>
    /// <param name="options">Channel handling (default: mix to mono).</param>
    /// <exception cref="AudioFormatException">The file cannot be decoded; the message names the file and the reason.</exception>
    public static AudioClip Read(string path, WavReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream fs;
        try
        {
            fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new AudioFormatException(path, "cannot open file: " + e.Message, e);
        }
        using (fs) return Read(fs, path, options);
    }

    /// <summary>Reads WAV data from a stream (seekable or not).</summary>
    /// <param name="stream">Stream positioned at the RIFF header.</param>
    /// <param name="name">Name used in error messages; "&lt;stream&gt;" when null.</param>
    /// <param name="options">Channel handling (default: mix to mono).</param>
    public static AudioClip Read(Stream stream, string? name = null, WavReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        name ??= "<stream>";
        options ??= WavReadOptions.Default;
        byte[] bytes;
        try
        {
            bytes = ReadAll(stream, options.MaxDataBytes + (1 << 20), name);
        }
        catch (IOException e)
        {
            throw new AudioFormatException(name, "read error: " + e.Message, e);
        }
        return Parse(bytes, name, options);
    }

    private static byte[] ReadAll(Stream stream, long limit, string name)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > limit) throw new AudioFormatException(name, $"file is larger than the {limit}-byte limit");
            if (remaining > Array.MaxLength)
                throw new AudioFormatException(name, $"file is {remaining} bytes; files over {Array.MaxLength} bytes (2 GiB) are not supported yet");
            var buf = new byte[remaining];
            stream.ReadExactly(buf);
            return buf;
        }
        using var ms = new MemoryStream();
        var chunk = new byte[1 << 16];
        // The RIFF header says how long the file is: refuse an oversized one before buffering it.
        int n = stream.ReadAtLeast(chunk.AsSpan(0, 8), 8, throwOnEndOfStream: false);
        if (n == 8 && (chunk.AsSpan(0, 4).SequenceEqual("RIFF"u8)) && BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4)) + 8L > limit)
            throw new AudioFormatException(name, $"the RIFF header declares {BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4)) + 8L} bytes, over the {limit}-byte limit");
        ms.Write(chunk, 0, n);
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + n > limit) throw new AudioFormatException(name, $"stream is larger than the {limit}-byte limit");
            ms.Write(chunk, 0, n);
        }
        return ms.ToArray();
    }

    private readonly record struct Format(ushort Tag, int Channels, int SampleRate, int BlockAlign, int BitsPerSample, uint ChannelMask, int SamplesPerBlock = 0,
        (int C1, int C2)[]? Coefficients = null);

    internal static AudioClip Parse(ReadOnlySpan<byte> data, string name, WavReadOptions options)
    {
        if (data.Length < 12) throw new AudioFormatException(name, $"truncated header: {data.Length} bytes, a RIFF/WAVE header needs 12");
        if (data[..4].SequenceEqual("RIFX"u8))
            throw new AudioFormatException(name, "big-endian RIFX WAVE files are not supported (convert to little-endian RIFF)");
        bool rf64 = data[..4].SequenceEqual("RF64"u8) || data[..4].SequenceEqual("BW64"u8);
        if (!rf64 && !data[..4].SequenceEqual("RIFF"u8))
            throw new AudioFormatException(name, "not a RIFF file (missing 'RIFF' signature)");
        if (!data.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new AudioFormatException(name, "not a WAVE file (missing 'WAVE' form type)");

        Format? fmt = null;
        int dataOffset = -1, dataLength = 0;
        int pos = 12;
        long? factFrames = null;
        long? ds64Data = null;                  // RF64/BW64 (EBU Tech 3306): the data chunk's real size, from the ds64 chunk
        if (rf64)
        {
            if (data.Length < 12 + 8 + 24 || !data.Slice(12, 4).SequenceEqual("ds64"u8))
                throw new AudioFormatException(name, "RF64/BW64 file without its 'ds64' chunk");
            uint ds64Size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(16, 4));
            if (ds64Size < 24 || 20L + ds64Size > data.Length) throw new AudioFormatException(name, $"'ds64' chunk of {ds64Size} bytes is malformed");
            ds64Data = BinaryPrimitives.ReadInt64LittleEndian(data.Slice(28, 8));
            if (ds64Data < 0) throw new AudioFormatException(name, "'ds64' declares a negative data size");
            pos = 20 + (int)ds64Size + (int)(ds64Size & 1);
        }
        while (pos + 8 <= data.Length)
        {
            var id = data.Slice(pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos + 4, 4));
            if (ds64Data is long real && size == uint.MaxValue && id.SequenceEqual("data"u8)) size = real;
            long bodyStart = pos + 8;
            long available = data.Length - bodyStart;
            if (id.SequenceEqual("fact"u8) && size >= 4 && size <= available)
                factFrames = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice((int)bodyStart, 4));
            if (id.SequenceEqual("fmt "u8))
            {
                if (size > available) throw new AudioFormatException(name, $"'fmt ' chunk claims {size} bytes but only {available} remain");
                fmt = ParseFormat(data.Slice((int)bodyStart, (int)size), name);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (size > available)
                    throw new AudioFormatException(name, $"data chunk claims {size} bytes but only {available} remain (truncated file)");
                if (size > int.MaxValue) throw new AudioFormatException(name, $"data chunk of {size} bytes: over 2 GiB is not supported yet");
                dataOffset = (int)bodyStart;
                dataLength = (int)size;
                if (fmt is not null) break;
            }
            long next = bodyStart + size + (size & 1);
            // Some writers leave out the pad byte after an odd-sized chunk: take the unpadded position when only it starts a chunk.
            if ((size & 1) == 1 && !StartsChunk(data, next) && StartsChunk(data, next - 1)) next--;
            if (next > data.Length) break; // a trailing unknown chunk may be cut short; the data is already known
            pos = (int)next;
        }

        if (fmt is null) throw new AudioFormatException(name, "no 'fmt ' chunk");
        if (dataOffset < 0) throw new AudioFormatException(name, "no 'data' chunk");
        if (dataLength > options.MaxDataBytes) throw new AudioFormatException(name, $"the data chunk holds {dataLength} bytes, over the {options.MaxDataBytes}-byte limit (WavReadOptions.MaxDataBytes)");
        var f = fmt.Value;
        var body = data.Slice(dataOffset, dataLength);
        long maxFrames = factFrames ?? long.MaxValue;           // ADPCM's last block is padded: 'fact' gives the real length
        float[] samples;
        if (f.Tag == TagMsAdpcm) samples = MsAdpcm.Decode(body, f.Channels, f.BlockAlign, f.Coefficients!, maxFrames, name);
        else if (f.Tag == TagImaAdpcm) samples = ImaAdpcm.Decode(body, f.Channels, f.BlockAlign, f.SamplesPerBlock, maxFrames, name);
        else
        {
            int frames = dataLength / f.BlockAlign; // a partial trailing frame (fewer bytes than one block) is ignored
            if ((long)frames * f.Channels > Array.MaxLength)
                throw new AudioFormatException(name, "too many samples for one clip");
            samples = Decode(body[..(frames * f.BlockAlign)], f, frames, name);
        }
        if (samples.Length == 0) throw new AudioFormatException(name, "empty data chunk: no sample frames");
        var clip = new AudioClip(samples, f.SampleRate, new ChannelLayout(f.Channels, f.ChannelMask), name);
        return ApplyChannelMode(clip, options, name, f.Channels);
    }

    /// <summary>The clip as <paramref name="options"/> asks: all channels, one, or their mean.</summary>
    internal static AudioClip ApplyChannelMode(AudioClip clip, WavReadOptions options, string name, int channels) => options.ChannelMode switch
    {
        ChannelMode.KeepAll => clip,
        ChannelMode.SelectChannel => options.Channel >= 0 && options.Channel < channels
            ? clip.SelectChannel(options.Channel)
            : throw new AudioFormatException(name, $"channel {options.Channel} requested but the file has {channels}"),
        _ => clip.ToMono(),
    };

    /// <summary>True when 8 bytes at <paramref name="at"/> look like a chunk header (four printable ASCII characters).</summary>
    private static bool StartsChunk(ReadOnlySpan<byte> data, long at)
    {
        if (at < 0 || at + 8 > data.Length) return false;
        for (int i = 0; i < 4; i++)
        {
            byte c = data[(int)at + i];
            if (c < 0x20 || c > 0x7E) return false;
        }
        return true;
    }

    /// <summary>The name of a compressed WAVE codec, or null.</summary>
    private static string? CodecName(ushort tag) => tag switch
    {
        0x0031 => "GSM 6.10",
        0x0040 => "G.721 ADPCM",
        0x0050 => "MPEG audio",
        0x0055 => "MP3",
        0x0160 or 0x0161 or 0x0162 => "Windows Media Audio",
        0x2000 => "AC-3",
        0x674F or 0x6750 or 0x6751 => "Ogg Vorbis",
        _ => null,
    };

    private static Format ParseFormat(ReadOnlySpan<byte> b, string name)
    {
        if (b.Length < 16) throw new AudioFormatException(name, $"'fmt ' chunk is {b.Length} bytes, at least 16 are needed");
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(b);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(b[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(b[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(b[14..]);
        uint mask = 0;
        if (tag == TagExtensible)
        {
            if (b.Length < 40) throw new AudioFormatException(name, $"WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is {b.Length} bytes, 40 are needed");
            int validBits = BinaryPrimitives.ReadUInt16LittleEndian(b[18..]);
            mask = BinaryPrimitives.ReadUInt32LittleEndian(b[20..]);
            // The sub-format GUID is {tag}-0000-0010-8000-00AA00389B71; its first two bytes are the real tag.
            ReadOnlySpan<byte> guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            if (!b.Slice(26, 14).SequenceEqual(guidTail))
                throw new AudioFormatException(name, "unsupported codec: unknown WAVE_FORMAT_EXTENSIBLE sub-format GUID");
            tag = BinaryPrimitives.ReadUInt16LittleEndian(b[24..]);
            if (validBits > bits) throw new AudioFormatException(name, $"{validBits} valid bits in a {bits}-bit container");
        }
        if (channels == 0) throw new AudioFormatException(name, "zero channels");
        if (rate == 0) throw new AudioFormatException(name, "zero sample rate");
        if (rate > 1_000_000_000) throw new AudioFormatException(name, $"implausible sample rate {rate} Hz");
        if (tag == TagMsAdpcm)
        {
            if (bits != 4) throw new AudioFormatException(name, $"Microsoft ADPCM with {bits} bits per sample (only 4 is defined)");
            var coefficients = MsAdpcm.StandardCoefficients;
            if (b.Length >= 22 && BinaryPrimitives.ReadUInt16LittleEndian(b[16..]) >= 4)   // cbSize, samples per block, coefficient count
            {
                int count = BinaryPrimitives.ReadUInt16LittleEndian(b[20..]);
                if (count is < 1 or > 256 || 22 + 4 * count > b.Length)
                    throw new AudioFormatException(name, $"Microsoft ADPCM 'fmt ' chunk declares {count} coefficient pairs that it does not hold");
                coefficients = new (int, int)[count];
                for (int i = 0; i < count; i++)
                    coefficients[i] = (BinaryPrimitives.ReadInt16LittleEndian(b[(22 + 4 * i)..]), BinaryPrimitives.ReadInt16LittleEndian(b[(24 + 4 * i)..]));
            }
            return new Format(tag, channels, (int)rate, blockAlign, bits, mask, 0, coefficients);
        }
        if (tag == TagImaAdpcm)
        {
            if (bits != 4) throw new AudioFormatException(name, $"IMA ADPCM with {bits} bits per sample (only 4 is defined)");
            bool declared = b.Length >= 20 && BinaryPrimitives.ReadUInt16LittleEndian(b[16..]) >= 2;     // cbSize, samples per block
            int perBlock = declared ? BinaryPrimitives.ReadUInt16LittleEndian(b[18..]) : 0;
            if (perBlock == 0 && blockAlign >= 4 * channels) perBlock = ImaAdpcm.SamplesPerBlock(blockAlign, channels);
            return new Format(tag, channels, (int)rate, blockAlign, bits, mask, perBlock);
        }
        if (CodecName(tag) is string codec)
            throw new AudioFormatException(name, $"unsupported codec: {codec} (format tag 0x{tag:X4}); only uncompressed PCM, float, µ-law and A-law are read");
        if (tag == TagPcm && bits % 8 != 0 && blockAlign % channels == 0 && blockAlign / channels * 8 >= bits && blockAlign / channels is >= 1 and <= 4)
            bits = blockAlign / channels * 8;        // e.g. 12-bit samples left-justified in 16-bit containers: read the container
        if (bits == 0 || bits % 8 != 0) throw new AudioFormatException(name, $"{bits} bits per sample is not a whole number of bytes");
        int bytesPerSample = bits / 8;
        bool ok = tag switch
        {
            TagPcm => bits is 8 or 16 or 24 or 32,
            TagFloat => bits is 32 or 64,
            TagALaw or TagMuLaw => bits == 8,
            _ => throw new AudioFormatException(name, $"unsupported codec: format tag 0x{tag:X4}"),
        };
        if (!ok) throw new AudioFormatException(name, $"unsupported sample size: {bits}-bit for format tag 0x{tag:X4}");
        if (blockAlign != channels * bytesPerSample)
            throw new AudioFormatException(name, $"block align {blockAlign} does not match {channels} channel(s) × {bytesPerSample} bytes");
        return new Format(tag, channels, (int)rate, blockAlign, bits, mask);
    }

    private static float[] Decode(ReadOnlySpan<byte> d, Format f, int frames, string name)
    {
        int n = frames * f.Channels;
        var s = new float[n];
        switch (f.Tag, f.BitsPerSample)
        {
            case (TagPcm, 8):
                for (int i = 0; i < n; i++) s[i] = (d[i] - 128) * (1f / 128f);
                break;
            case (TagPcm, 16):
                for (int i = 0; i < n; i++) s[i] = BinaryPrimitives.ReadInt16LittleEndian(d[(2 * i)..]) * (1f / 32768f);
                break;
            case (TagPcm, 24):
                for (int i = 0; i < n; i++)
                {
                    int j = 3 * i;
                    int v = (d[j] | (d[j + 1] << 8) | (d[j + 2] << 16)) << 8 >> 8;
                    s[i] = v * (1f / 8388608f);
                }
                break;
            case (TagPcm, 32):
                for (int i = 0; i < n; i++) s[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(d[(4 * i)..]) * (1.0 / 2147483648.0));
                break;
            case (TagFloat, 32):
                for (int i = 0; i < n; i++)
                {
                    float v = BinaryPrimitives.ReadSingleLittleEndian(d[(4 * i)..]);
                    if (!float.IsFinite(v)) throw NonFinite(name, i, f.Channels);
                    s[i] = v;
                }
                break;
            case (TagFloat, 64):
                for (int i = 0; i < n; i++)
                {
                    double v = BinaryPrimitives.ReadDoubleLittleEndian(d[(8 * i)..]);
                    float fv = (float)v;
                    if (!float.IsFinite(fv)) throw NonFinite(name, i, f.Channels);
                    s[i] = fv;
                }
                break;
            case (TagMuLaw, 8):
                for (int i = 0; i < n; i++) s[i] = G711.MuLaw(d[i]) * (1f / 32768f);
                break;
            case (TagALaw, 8):
                for (int i = 0; i < n; i++) s[i] = G711.ALaw(d[i]) * (1f / 32768f);
                break;
            default:
                throw new AudioFormatException(name, $"unsupported codec: format tag 0x{f.Tag:X4}, {f.BitsPerSample}-bit");
        }
        return s;
    }

    private static AudioFormatException NonFinite(string name, int index, int channels)
        => new(name, $"sample frame {index / channels} (channel {index % channels}) is NaN or infinite");
}
