using NAudio.Wave;
using NLayer;
using NVorbis;

namespace Ser.Core.Audio;

/// <summary>
/// The formats besides WAV, streamed through their decoders: AIFF/AIFC (NAudio.Core), Ogg Vorbis (NVorbis) and MP3
/// (NLayer), recognised by their signatures. Every decoder failure becomes an <see cref="AudioFormatException"/> naming
/// the file, the format and the reason. Seeking reads and discards.
/// </summary>
internal sealed class DecoderAudioReader : AudioReader
{
    private readonly ByteInput _input;
    private readonly IDisposable _decoder;
    private readonly Func<float[], int, int> _read;
    private float[] _buffer = [];
    private long _frame;

    private DecoderAudioReader(ByteInput input, string format, Decoder decoder, WavReadOptions options)
        : base(input.Name, format, decoder.Rate, ChannelLayout.ForCount(decoder.Channels), decoder.Frames, options)
    {
        _input = input;
        _decoder = decoder.Owner;
        _read = decoder.Read;
    }

    /// <summary>A format this reader decodes, from the first bytes of a file; null for anything else.</summary>
    public static string? Recognise(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[..4].SequenceEqual("FORM"u8) && (head.Slice(8, 4).SequenceEqual("AIFF"u8) || head.Slice(8, 4).SequenceEqual("AIFC"u8)))
            return "AIFF";
        if (head.Length >= 4 && head[..4].SequenceEqual("OggS"u8)) return "Ogg Vorbis";
        if (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8)) return "MP3";
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0) return "MP3";   // MPEG audio frame sync, layer ≠ 0
        return null;
    }

    /// <summary>Opens <paramref name="input"/> as <paramref name="format"/> (from <see cref="Recognise"/>).</summary>
    /// <exception cref="AudioFormatException">The header cannot be decoded.</exception>
    public static DecoderAudioReader Open(ByteInput input, string format, WavReadOptions options)
    {
        if (format == "AIFF" && !input.CanSeek)
            throw new AudioFormatException(input.Name, "AIFF is read through NAudio's reader, which needs a stream that can seek (open the file, or copy the stream into a MemoryStream)");
        var decoder = Guard(input.Name, format, () => format switch
        {
            "AIFF" => Aiff(input.Stream),
            "Ogg Vorbis" => Vorbis(input.Stream),
            _ => Mp3(input.Stream),
        });
        try
        {
            if (decoder.Channels < 1) throw new AudioFormatException(input.Name, $"{format}: zero channels");
            if (decoder.Rate < 1) throw new AudioFormatException(input.Name, $"{format}: sample rate {decoder.Rate} Hz");
            return new DecoderAudioReader(input, format, decoder, options);
        }
        catch
        {
            decoder.Owner.Dispose();
            throw;
        }
    }

    private sealed record Decoder(IDisposable Owner, int Rate, int Channels, long? Frames, Func<float[], int, int> Read);

    private static Decoder Aiff(Stream stream)
    {
        var reader = new AiffFileReader(stream);
        var provider = reader.ToSampleProvider();
        var format = provider.WaveFormat;
        return new Decoder(reader, format.SampleRate, format.Channels, reader.Length / Math.Max(1, reader.WaveFormat.BlockAlign),
            (buffer, count) => provider.Read(buffer.AsSpan(0, count)));
    }

    private static Decoder Vorbis(Stream stream)
    {
        var reader = new VorbisReader(stream, closeOnDispose: false);
        return new Decoder(reader, reader.SampleRate, reader.Channels, null, (buffer, count) => reader.ReadSamples(buffer, 0, count));
    }

    private static Decoder Mp3(Stream stream)
    {
        var reader = new MpegFile(stream);
        return new Decoder(reader, reader.SampleRate, reader.Channels, null, (buffer, count) => reader.ReadSamples(buffer, 0, count));
    }

    private protected override string EmptyReason => $"{Format}: no samples";

    private protected override int ReadFrames(Span<float> interleaved)
    {
        int channels = SourceLayout.Count;
        int count = interleaved.Length;
        if (_buffer.Length < count) _buffer = new float[count];
        int got = Guard(Source, Format, () => _read(_buffer, count));
        int frames = got / channels;                               // a decoder's partial last frame is dropped
        var samples = _buffer.AsSpan(0, frames * channels);
        for (int i = 0; i < samples.Length; i++)
            if (!float.IsFinite(samples[i])) throw new AudioFormatException(Source, $"{Format}: sample frame {_frame + i / channels} is NaN or infinite");
        samples.CopyTo(interleaved);
        _frame += frames;
        return frames;
    }

    private static T Guard<T>(string source, string format, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is not AudioFormatException and not OutOfMemoryException)
        {
            throw new AudioFormatException(source, $"cannot decode {format}: {e.Message}", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder.Dispose();
            _input.Dispose();
        }
        base.Dispose(disposing);
    }
}
