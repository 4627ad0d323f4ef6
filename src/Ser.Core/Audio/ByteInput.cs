namespace Ser.Core.Audio;

/// <summary>
/// A stream read forward with a small look-ahead (for headers), byte-exact: a peek reads no more than it shows, so a
/// stream that cannot seek is never read past what a header walk needs. Keeps the absolute position; seeks where the
/// stream can. Every I/O failure becomes an <see cref="AudioFormatException"/> naming the source.
/// </summary>
internal sealed class ByteInput : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _origin;
    private byte[] _buffer = new byte[64];
    private int _start, _end;

    public ByteInput(Stream stream, string name, bool leaveOpen)
    {
        _stream = stream;
        Name = name;
        _leaveOpen = leaveOpen;
        CanSeek = stream.CanSeek;
        _origin = CanSeek ? Call(() => stream.Position) : 0;
    }

    /// <summary>The source's name, for messages.</summary>
    public string Name { get; }

    /// <summary>Whether the stream can seek.</summary>
    public bool CanSeek { get; }

    /// <summary>Bytes consumed since the start of the data.</summary>
    public long Position { get; private set; }

    /// <summary>Bytes from <see cref="Position"/> to the end of a seekable stream; null for one that cannot seek.</summary>
    public long? Remaining => CanSeek ? Call(() => _stream.Length) - _origin - Position : null;

    /// <summary>The stream as it stands after the bytes consumed so far (for decoders that read it themselves).</summary>
    public Stream Stream
    {
        get
        {
            if (_start == _end) return _stream;
            if (CanSeek)
            {
                SeekTo(Position);
                return _stream;
            }
            var pending = _buffer.AsSpan(_start, _end - _start).ToArray();
            _start = _end = 0;
            return new PrefixedStream(pending, _stream);
        }
    }

    /// <summary>The next bytes without consuming them: <paramref name="count"/> of them, or fewer at the end of the data.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        int have = _end - _start;
        if (have < count)
        {
            if (_buffer.Length - _start < count)
            {
                var bigger = _buffer.Length >= count ? _buffer : new byte[Math.Max(count, 2 * _buffer.Length)];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, have);
                _buffer = bigger;
                _start = 0;
                _end = have;
            }
            int need = count - have;
            _end += Call(() => _stream.ReadAtLeast(_buffer.AsSpan(_end, need), need, throwOnEndOfStream: false));
        }
        return _buffer.AsSpan(_start, Math.Min(count, _end - _start));
    }

    /// <summary>Consumes <paramref name="count"/> bytes that <see cref="Peek"/> showed.</summary>
    public void Consume(int count)
    {
        if (count > _end - _start) throw new InvalidOperationException("consuming bytes not peeked");
        _start += count;
        Position += count;
    }

    /// <summary>Skips <paramref name="count"/> bytes; returns how many there were (fewer at the end of the data).</summary>
    public long Skip(long count)
    {
        long fromBuffer = Math.Min(count, _end - _start);
        _start += (int)fromBuffer;
        Position += fromBuffer;
        long left = count - fromBuffer;
        if (left == 0) return count;
        if (CanSeek)
        {
            long available = Math.Max(0, Remaining!.Value);
            long step = Math.Min(left, available);
            Call(() => _stream.Seek(step, SeekOrigin.Current));
            Position += step;
            return fromBuffer + step;
        }
        var scratch = new byte[(int)Math.Min(left, 1 << 16)];
        long skipped = fromBuffer;
        while (left > 0)
        {
            int n = Call(() => _stream.Read(scratch, 0, (int)Math.Min(left, scratch.Length)));
            if (n == 0) break;
            left -= n;
            skipped += n;
            Position += n;
        }
        return skipped;
    }

    /// <summary>Reads up to <paramref name="target"/>'s length (fewer only at the end of the data); returns the bytes read.</summary>
    public int Read(Span<byte> target)
    {
        int fromBuffer = Math.Min(target.Length, _end - _start);
        _buffer.AsSpan(_start, fromBuffer).CopyTo(target);
        _start += fromBuffer;
        int total = fromBuffer;
        if (total < target.Length)
        {
            var rest = target[total..];
            int n;
            try
            {
                n = _stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false);
            }
            catch (IOException e)
            {
                throw new AudioFormatException(Name, "read error: " + e.Message, e);
            }
            total += n;
        }
        Position += total;
        return total;
    }

    /// <summary>Moves to <paramref name="position"/> bytes from the start of the data (seekable streams only).</summary>
    public void SeekTo(long position)
    {
        if (!CanSeek) throw new NotSupportedException("the stream cannot seek");
        Call(() => _stream.Seek(_origin + position, SeekOrigin.Begin));
        _start = _end = 0;
        Position = position;
    }

    private T Call<T>(Func<T> io)
    {
        try
        {
            return io();
        }
        catch (IOException e)
        {
            throw new AudioFormatException(Name, "read error: " + e.Message, e);
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    /// <summary>Bytes already read, then the rest of a stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _at;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            if (_at < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _at);
                prefix.AsSpan(_at, n).CopyTo(buffer);
                _at += n;
                return n;
            }
            return rest.Read(buffer);
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
