using System.Buffers;
using System.Buffers.Binary;

namespace Ser.Core.Audio;

/// <summary>
/// Ser.Core's strict WAV decoder as a stream: RIFF/WAVE, RF64 and BW64 (64-bit sizes from 'ds64'; no 2 GiB or 4 GiB
/// ceiling), PCM 8/16/24/32-bit (and 12/20-bit samples in 16/24-bit containers), IEEE float 32/64, µ-law, A-law, IMA
/// and Microsoft ADPCM (trimmed to the 'fact' chunk's frame count), plain or WAVE_FORMAT_EXTENSIBLE, any channel count.
/// The header walk reads only the chunks before the data, byte-exact; the data is decoded through a 64 KiB buffer. A
/// data chunk whose size reads 0xFFFFFFFF in a plain RIFF file (a writer that could not go back to fill it in) runs to
/// the end of the stream. Every defect raises <see cref="AudioFormatException"/>; nothing is sized by a header field
/// that the data does not back.
/// </summary>
internal sealed class WavStreamReader : AudioReader
{
    private const ushort TagPcm = 1, TagFloat = 3, TagALaw = 6, TagMuLaw = 7, TagImaAdpcm = 0x11, TagMsAdpcm = 0x02, TagExtensible = 0xFFFE;
    private const int FmtBytesRead = 4096;           // the most of a 'fmt ' chunk any format needs (MS ADPCM: 1046)

    private readonly ByteInput _input;
    private readonly WavFormat _format;
    private readonly long _dataStart;
    private readonly long? _dataBytes;               // null: to the end of the stream
    private readonly long _frameLimit;               // 'fact' (ADPCM) or long.MaxValue
    private readonly byte[] _raw;
    private long _bytesRead;                         // data bytes consumed
    private long _frame;                             // source frames delivered
    private float[]? _block;                         // ADPCM: the current block, decoded
    private int _blockFrames, _blockAt;

    private WavStreamReader(ByteInput input, WavReadOptions options, WavHeader header)
        : base(input.Name, "WAV", header.Format.SampleRate, new ChannelLayout(header.Format.Channels, header.Format.ChannelMask), header.FrameCount, options)
    {
        _input = input;
        _format = header.Format;
        _dataStart = header.DataStart;
        _dataBytes = header.DataBytes;
        _frameLimit = header.FactFrames ?? long.MaxValue;
        _raw = ArrayPool<byte>.Shared.Rent(Math.Max(1 << 16, _format.BlockAlign));
    }

    /// <summary>Reads the header of the WAV data in <paramref name="input"/> and leaves it at the first data byte.</summary>
    /// <exception cref="AudioFormatException">The header is malformed, the codec unsupported, the data truncated or empty.</exception>
    public static WavStreamReader Open(ByteInput input, WavReadOptions options) => new(input, options, WavHeader.Read(input));

    private protected override string EmptyReason => "empty data chunk: no sample frames";

    private bool IsAdpcm => _format.Tag is TagImaAdpcm or TagMsAdpcm;

    private protected override int ReadFrames(Span<float> interleaved)
    {
        int channels = _format.Channels;
        long wanted = Math.Min(interleaved.Length / channels, _frameLimit - _frame);
        if (wanted <= 0) return 0;
        int done = IsAdpcm ? ReadAdpcm(interleaved, (int)wanted) : ReadPcm(interleaved, (int)wanted);
        _frame += done;
        return done;
    }

    private int ReadPcm(Span<float> output, int frames)
    {
        int align = _format.BlockAlign, channels = _format.Channels;
        if (_dataBytes is long size) frames = (int)Math.Min(frames, (size - _bytesRead) / align);
        int done = 0;
        while (done < frames)
        {
            int n = Math.Min(_raw.Length / align, frames - done);
            int got = _input.Read(_raw.AsSpan(0, n * align));
            _bytesRead += got;
            bool ended = got < n * align;
            if (ended)
            {
                if (_dataBytes is not null) throw Truncated();
                n = got / align;                                  // a partial trailing frame is ignored
            }
            Decode(_raw.AsSpan(0, n * align), output.Slice(done * channels, n * channels), _frame + done);
            done += n;
            if (ended) break;
        }
        return done;
    }

    private int ReadAdpcm(Span<float> output, int frames)
    {
        int channels = _format.Channels, done = 0;
        while (done < frames)
        {
            if (_blockAt == _blockFrames && !NextBlock()) break;
            int n = Math.Min(_blockFrames - _blockAt, frames - done);
            _block.AsSpan(_blockAt * channels, n * channels).CopyTo(output.Slice(done * channels));
            _blockAt += n;
            done += n;
        }
        return done;
    }

    /// <summary>Reads and decodes the next ADPCM block (the last may be partial); false at the end of the data.</summary>
    private bool NextBlock()
    {
        int align = _format.BlockAlign;
        int want = _dataBytes is long size ? (int)Math.Min(align, size - _bytesRead) : align;
        _blockFrames = _blockAt = 0;
        if (want <= 0) return false;
        long offset = _bytesRead;
        int got = _input.Read(_raw.AsSpan(0, want));
        _bytesRead += got;
        if (got < want && _dataBytes is not null) throw Truncated();
        var bytes = _raw.AsSpan(0, got);
        int channels = _format.Channels;
        _block ??= new float[_format.SamplesPerBlock * channels];
        _blockFrames = _format.Tag == TagImaAdpcm
            ? ImaAdpcm.DecodeBlock(bytes, channels, _block, offset, Source)
            : MsAdpcm.DecodeBlock(bytes, channels, _format.Coefficients!, _block, offset, Source);
        return _blockFrames > 0;
    }

    private protected override bool TrySeekFrames(long frame)
    {
        if (!_input.CanSeek) return false;
        frame = Math.Min(frame, _frameLimit);
        if (IsAdpcm)
        {
            long block = frame / _format.SamplesPerBlock;
            _bytesRead = block * _format.BlockAlign;
            if (_dataBytes is long size) _bytesRead = Math.Min(_bytesRead, size);
            _input.SeekTo(_dataStart + _bytesRead);
            _blockFrames = _blockAt = 0;
            int within = (int)(frame - block * _format.SamplesPerBlock);
            if (within > 0 && NextBlock()) _blockAt = Math.Min(within, _blockFrames);
        }
        else
        {
            _bytesRead = frame * _format.BlockAlign;
            _input.SeekTo(_dataStart + _bytesRead);
        }
        _frame = frame;
        return true;
    }

    private AudioFormatException Truncated() =>
        new(Source, $"data chunk claims {_dataBytes} bytes but the data ends after {_bytesRead} (truncated file)");

    private void Decode(ReadOnlySpan<byte> d, Span<float> s, long firstFrame)
    {
        int n = s.Length;
        switch (_format.Tag, _format.BitsPerSample)
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
                    if (!float.IsFinite(v)) throw NonFinite(firstFrame, i);
                    s[i] = v;
                }
                break;
            case (TagFloat, 64):
                for (int i = 0; i < n; i++)
                {
                    float v = (float)BinaryPrimitives.ReadDoubleLittleEndian(d[(8 * i)..]);
                    if (!float.IsFinite(v)) throw NonFinite(firstFrame, i);
                    s[i] = v;
                }
                break;
            case (TagMuLaw, 8):
                for (int i = 0; i < n; i++) s[i] = G711.MuLaw(d[i]) * (1f / 32768f);
                break;
            default:
                for (int i = 0; i < n; i++) s[i] = G711.ALaw(d[i]) * (1f / 32768f);
                break;
        }
    }

    private AudioFormatException NonFinite(long firstFrame, int index)
        => new(Source, $"sample frame {firstFrame + index / _format.Channels} (channel {index % _format.Channels}) is NaN or infinite");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
            ArrayPool<byte>.Shared.Return(_raw);
        }
        base.Dispose(disposing);
    }

    /// <summary>The 'fmt ' chunk, as decoded.</summary>
    private readonly record struct WavFormat(ushort Tag, int Channels, int SampleRate, int BlockAlign, int BitsPerSample, uint ChannelMask,
        int SamplesPerBlock = 0, (int C1, int C2)[]? Coefficients = null);

    /// <summary>What the chunks before the data say.</summary>
    private readonly record struct WavHeader(WavFormat Format, long DataStart, long? DataBytes, long? FactFrames, long? FrameCount)
    {
        public static WavHeader Read(ByteInput input)
        {
            string name = input.Name;
            var head = input.Peek(12);
            if (head.Length < 12) throw new AudioFormatException(name, $"truncated header: {head.Length} bytes, a RIFF/WAVE header needs 12");
            if (head[..4].SequenceEqual("RIFX"u8))
                throw new AudioFormatException(name, "big-endian RIFX WAVE files are not supported (convert to little-endian RIFF)");
            bool rf64 = head[..4].SequenceEqual("RF64"u8) || head[..4].SequenceEqual("BW64"u8);
            if (!rf64 && !head[..4].SequenceEqual("RIFF"u8))
                throw new AudioFormatException(name, "not a RIFF file (missing 'RIFF' signature)");
            if (!head.Slice(8, 4).SequenceEqual("WAVE"u8))
                throw new AudioFormatException(name, "not a WAVE file (missing 'WAVE' form type)");
            input.Consume(12);

            long? ds64Data = null;                  // RF64/BW64 (EBU Tech 3306): the data chunk's real size
            if (rf64)
            {
                var ds = input.Peek(8 + 24);
                if (ds.Length < 8 + 24 || !ds[..4].SequenceEqual("ds64"u8))
                    throw new AudioFormatException(name, "RF64/BW64 file without its 'ds64' chunk");
                uint ds64Size = BinaryPrimitives.ReadUInt32LittleEndian(ds[4..]);
                if (ds64Size < 24) throw new AudioFormatException(name, $"'ds64' chunk of {ds64Size} bytes is malformed");
                ds64Data = BinaryPrimitives.ReadInt64LittleEndian(ds[16..]);
                if (ds64Data < 0) throw new AudioFormatException(name, "'ds64' declares a negative data size");
                input.Consume(8);
                long body = ds64Size + (ds64Size & 1);
                if (input.Skip(body) < body) throw new AudioFormatException(name, $"'ds64' chunk of {ds64Size} bytes is malformed");
            }

            WavFormat? fmt = null;
            long? fact = null;
            long dataStart = -1;
            long? dataBytes = null;
            while (true)
            {
                var header = input.Peek(8);
                if (header.Length < 8) break;
                var id = header[..4];
                long size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
                bool isData = id.SequenceEqual("data"u8), isFmt = id.SequenceEqual("fmt "u8), isFact = id.SequenceEqual("fact"u8);
                input.Consume(8);
                long bodyStart = input.Position;
                if (isData)
                {
                    long? bytes = ds64Data is long real && size == uint.MaxValue ? real : !rf64 && size == uint.MaxValue ? null : size;
                    size = bytes ?? 0;
                    if (bytes is long b && input.Remaining is long left && b > left)
                        throw new AudioFormatException(name, $"data chunk claims {b} bytes but only {left} remain (truncated file)");
                    dataStart = bodyStart;
                    dataBytes = bytes;
                    if (fmt is not null) break;
                    if (!input.CanSeek)
                        throw new AudioFormatException(name, "the 'fmt ' chunk comes after the data chunk, which a stream that cannot seek does not allow");
                    if (bytes is null) break;                       // to the end of the stream: no 'fmt ' can follow
                }
                else if (isFmt)
                {
                    var body = input.Peek((int)Math.Min(size, FmtBytesRead));
                    if (body.Length < Math.Min(size, FmtBytesRead) || (input.Remaining is long left && size > left))
                        throw new AudioFormatException(name, $"'fmt ' chunk claims {size} bytes but only {input.Remaining ?? body.Length} remain");
                    fmt ??= ParseFormat(body, name);
                }
                else if (isFact && size >= 4)
                {
                    var body = input.Peek(4);
                    if (body.Length == 4) fact = BinaryPrimitives.ReadUInt32LittleEndian(body);
                }
                long skip = bodyStart + size - input.Position;
                if (input.Skip(skip) < skip)
                {
                    if (isFmt) throw new AudioFormatException(name, $"'fmt ' chunk claims {size} bytes but the data ends before it does");
                    break;                                          // a trailing chunk cut short; what came before stands
                }
                if ((size & 1) == 1)
                {
                    // Some writers leave out the pad byte after an odd-sized chunk: take the unpadded position when only it starts a chunk.
                    var next = input.Peek(9);
                    bool padded = StartsChunk(next, 1) || !StartsChunk(next, 0);
                    if (padded && input.Skip(1) < 1) break;
                }
            }
            if (fmt is null) throw new AudioFormatException(name, "no 'fmt ' chunk");
            if (dataStart < 0) throw new AudioFormatException(name, "no 'data' chunk");
            if (input.Position != dataStart) input.SeekTo(dataStart);
            var f = fmt.Value;
            long? frames = dataBytes is long n ? FramesIn(f, n) : null;
            if (fact is long factFrames && f.Tag is TagImaAdpcm or TagMsAdpcm)
                frames = frames is long m ? Math.Min(m, factFrames) : null;
            else
                fact = null;                                        // only ADPCM's last block is padded
            if (frames == 0) throw new AudioFormatException(name, "empty data chunk: no sample frames");
            return new WavHeader(f, dataStart, dataBytes, fact, frames);
        }

        /// <summary>Sample frames in <paramref name="bytes"/> data bytes.</summary>
        private static long FramesIn(WavFormat f, long bytes)
        {
            long blocks = bytes / f.BlockAlign;
            int rest = (int)(bytes % f.BlockAlign);
            return f.Tag switch
            {
                TagImaAdpcm => blocks * f.SamplesPerBlock + ImaAdpcm.FramesIn(rest, f.Channels),
                TagMsAdpcm => blocks * f.SamplesPerBlock + MsAdpcm.FramesIn(rest, f.Channels),
                _ => blocks,                                        // a partial trailing frame is ignored
            };
        }

        /// <summary>True when 8 bytes at <paramref name="at"/> look like a chunk header (four printable ASCII characters).</summary>
        private static bool StartsChunk(ReadOnlySpan<byte> data, int at)
        {
            if (at + 8 > data.Length) return false;
            for (int i = 0; i < 4; i++)
            {
                byte c = data[at + i];
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

        private static WavFormat ParseFormat(ReadOnlySpan<byte> b, string name)
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
                MsAdpcm.CheckLayout(channels, blockAlign, name);
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
                return new WavFormat(tag, channels, (int)rate, blockAlign, bits, mask, MsAdpcm.FramesIn(blockAlign, channels), coefficients);
            }
            if (tag == TagImaAdpcm)
            {
                if (bits != 4) throw new AudioFormatException(name, $"IMA ADPCM with {bits} bits per sample (only 4 is defined)");
                bool declared = b.Length >= 20 && BinaryPrimitives.ReadUInt16LittleEndian(b[16..]) >= 2;     // cbSize, samples per block
                int perBlock = declared ? BinaryPrimitives.ReadUInt16LittleEndian(b[18..]) : 0;
                if (perBlock == 0 && blockAlign >= 4 * channels) perBlock = ImaAdpcm.SamplesPerBlock(blockAlign, channels);
                ImaAdpcm.CheckLayout(channels, blockAlign, perBlock, name);
                return new WavFormat(tag, channels, (int)rate, blockAlign, bits, mask, perBlock);
            }
            if (CodecName(tag) is string codec)
                throw new AudioFormatException(name, $"unsupported codec: {codec} (format tag 0x{tag:X4}); only uncompressed PCM, float, µ-law, A-law and IMA/Microsoft ADPCM are read");
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
            return new WavFormat(tag, channels, (int)rate, blockAlign, bits, mask);
        }
    }
}
