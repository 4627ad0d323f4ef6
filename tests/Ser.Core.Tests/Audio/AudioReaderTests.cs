using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Audio;
using Xunit;

namespace Ser.Core.Tests.Audio;

public sealed class AudioReaderTests : IDisposable
{
    private static readonly string Formats = Path.Combine(AppContext.BaseDirectory, "Fixtures", "formats");
    private readonly string _tmp = Directory.CreateTempSubdirectory("ser-reader-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static readonly WavReadOptions[] ChannelModes =
    [
        WavReadOptions.Default,
        new() { ChannelMode = ChannelMode.KeepAll },
        new() { ChannelMode = ChannelMode.SelectChannel, Channel = 1 },
    ];

    /// <summary>One file of every WAV sample encoding (and AIFF), stereo, thousands of frames (more than one read buffer of ADPCM blocks and of scratch frames).</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> EncodedWavs()
    {
        var rng = new Random(5);
        byte[] Noise(int bytes) { var b = new byte[bytes]; rng.NextBytes(b); return b; }
        const int frames = 5000;
        yield return ("pcm8", WavTestFiles.Build(1, 2, 8000, 8, Noise(frames * 2)));
        yield return ("pcm16", WavTestFiles.Build(1, 2, 16000, 16, Noise(frames * 4)));
        yield return ("pcm24", WavTestFiles.Build(1, 2, 16000, 24, Noise(frames * 6), extensible: true));
        yield return ("pcm32", WavTestFiles.Build(1, 2, 16000, 32, Noise(frames * 8)));
        var f32 = new byte[frames * 8];
        for (int i = 0; i < frames * 2; i++) BinaryPrimitives.WriteSingleLittleEndian(f32.AsSpan(4 * i), (float)(rng.NextDouble() * 2 - 1));
        yield return ("float32", WavTestFiles.Build(3, 2, 16000, 32, f32));
        var f64 = new byte[frames * 16];
        for (int i = 0; i < frames * 2; i++) BinaryPrimitives.WriteDoubleLittleEndian(f64.AsSpan(8 * i), rng.NextDouble() * 2 - 1);
        yield return ("float64", WavTestFiles.Build(3, 2, 16000, 64, f64));
        yield return ("mulaw", WavTestFiles.Build(7, 2, 8000, 8, Noise(frames * 2)));
        yield return ("alaw", WavTestFiles.Build(6, 2, 8000, 8, Noise(frames * 2)));
        yield return ("ima", File.ReadAllBytes(Path.Combine(Formats, "ima-stereo.wav")));
        yield return ("msadpcm", File.ReadAllBytes(Path.Combine(Formats, "msadpcm-stereo.wav")));
        yield return ("aiff", File.ReadAllBytes(Path.Combine(Formats, "tone-stereo.aiff")));
    }

    private static float[] Stream(AudioReader reader, Func<int> chunkFrames)
    {
        var all = new List<float>();
        var buffer = new float[64 * 1024];
        int n;
        while ((n = reader.Read(buffer.AsSpan(0, chunkFrames() * reader.Channels))) > 0) all.AddRange(buffer.AsSpan(0, n));
        return [.. all];
    }

    [Fact]
    public void StreamingInPiecesOfAnySizeGivesTheSamplesOfTheWholeClip()
    {
        foreach (var (name, bytes) in EncodedWavs())
            foreach (var options in ChannelModes)
            {
                var whole = AudioClip.Load(new MemoryStream(bytes), name, options).Samples.ToArray();
                Prop.ForAll(Gen.Choose(1, 3000).ToArbitrary(), Gen.Choose(0, 1).ToArbitrary(), (int maxChunk, int forwardOnly) =>
                {
                    var rng = new Random(maxChunk);
                    if (name == "aiff" && forwardOnly == 1)
                        return Assert.Throws<AudioFormatException>(() => AudioReader.Open(new ForwardOnlyStream(new MemoryStream(bytes)), name)).Reason.Contains("can seek");
                    Stream source = forwardOnly == 1 ? new ForwardOnlyStream(new MemoryStream(bytes)) : new MemoryStream(bytes);
                    using var reader = AudioReader.Open(source, name, options);
                    var streamed = Stream(reader, () => rng.Next(1, maxChunk + 1));
                    return streamed.AsSpan().SequenceEqual(whole) && reader.Position == whole.Length / reader.Channels;
                }).QuickCheckThrowOnFailure();
            }
    }

    [Fact]
    public void OggVorbisStreamsFromAStreamThatCannotSeek()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Formats, "tone-mono.ogg"));
        using var reader = AudioReader.Open(new ForwardOnlyStream(new MemoryStream(bytes)), "pipe");
        Assert.Equal("Ogg Vorbis", reader.Format);
        Assert.Equal(AudioClip.Load(new MemoryStream(bytes)).Samples.ToArray(), Stream(reader, () => 777));
    }

    [Fact]
    public void SeekingThenReadingGivesTheSameWindowAsTheWholeClip()
    {
        foreach (var (name, bytes) in EncodedWavs().Append(("ogg", File.ReadAllBytes(Path.Combine(Formats, "tone-mono.ogg")))))
        {
            var whole = AudioClip.Load(new MemoryStream(bytes), name).Samples.ToArray();
            var rng = new Random(name.Length);
            for (int trial = 0; trial < 8; trial++)
            {
                int start = rng.Next(whole.Length), count = rng.Next(1, 2000);
                using var reader = AudioReader.Open(new MemoryStream(bytes), name);
                reader.Seek(start);
                Assert.Equal(start, reader.Position);
                var window = reader.ReadClip(count).Samples.ToArray();
                Assert.Equal(whole.AsSpan(start, Math.Min(count, whole.Length - start)).ToArray(), window);
            }
            using var back = AudioReader.Open(new MemoryStream(bytes), name);
            back.Seek(whole.Length - 1);
            if (name is "pcm16" or "ima" or "msadpcm")
            {
                back.Seek(3);                                  // WAV seeks backwards too
                Assert.Equal(whole[3..10], back.ReadClip(7).Samples.ToArray());
            }
        }
    }

    [Fact]
    public void AStreamThatCannotSeekMovesForwardByReadingAndRefusesToMoveBack()
    {
        var bytes = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([1, 2, 3, 4, 5, 6, 7, 8]));
        using var reader = AudioReader.Open(new ForwardOnlyStream(new MemoryStream(bytes)), "pipe");
        reader.Seek(5);
        Assert.Equal([6 / 32768f, 7 / 32768f, 8 / 32768f], reader.ReadClip().Samples.ToArray());
        Assert.Throws<NotSupportedException>(() => reader.Seek(2));
    }

    [Fact]
    public void AWavStreamOfUnknownLengthIsReadToItsEnd()
    {
        // A writer that cannot seek back leaves the RIFF and data sizes at 0xFFFFFFFF.
        var bytes = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([10, 20, 30, 40, 50]), dataSizeOverride: uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), uint.MaxValue);
        bytes = [.. bytes, 0x7F];                                       // the stream ends with half a frame
        using var reader = AudioReader.Open(new ForwardOnlyStream(new MemoryStream(bytes)), "pipe");
        Assert.Null(reader.FrameCount);
        Assert.Equal([10 / 32768f, 20 / 32768f, 30 / 32768f, 40 / 32768f, 50 / 32768f], reader.ReadClip().Samples.ToArray());
    }

    [Fact]
    public void ATruncatedStreamRaisesAudioFormatExceptionWhenItsDataRunsOut()
    {
        var bytes = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16(new short[1000]));
        using var reader = AudioReader.Open(new ForwardOnlyStream(new MemoryStream(bytes[..1000])), "pipe");
        Assert.Equal(1000, reader.FrameCount);                          // the header is all a stream that cannot seek shows at first
        var e = Assert.Throws<AudioFormatException>(() => reader.ReadClip());
        Assert.Contains("truncated file", e.Reason);
        Assert.Equal("pipe", e.Source);
    }

    [Fact]
    public void AFmtChunkAfterTheDataIsReadFromAFileAndNamedInAStreamThatCannotSeek()
    {
        var pcm = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([100, -100, 200, -200]));
        using var ms = new MemoryStream();
        ms.Write(pcm, 0, 12);
        ms.Write(pcm, 36, 8 + 8);                                       // data chunk first
        ms.Write(pcm, 12, 24);                                          // then 'fmt '
        var bytes = ms.ToArray();
        Assert.Equal(AudioClip.Load(new MemoryStream(pcm)).Samples.ToArray(), AudioClip.Load(new MemoryStream(bytes)).Samples.ToArray());
        var e = Assert.Throws<AudioFormatException>(() => AudioClip.Load(new ForwardOnlyStream(new MemoryStream(bytes)), "pipe"));
        Assert.Contains("'fmt ' chunk comes after the data chunk", e.Reason);
    }

    [Fact]
    public void ASparseRf64FileOverTwoGibibytesStreamsInBoundedMemory()
    {
        // 2.25 GiB of 16-bit mono: more than one clip may hold, and more than a 32-bit data size would say. The file is
        // sparse (silence), with markers written in its first and last frames.
        const long frames = 1_207_959_552;                              // 2.25 GiB of data
        string path = Path.Combine(_tmp, "long.rf64.wav");
        WriteRf64Header(path, 16000, frames, marker: 1234);
        using (var reader = AudioReader.Open(path))
        {
            Assert.Equal("WAV", reader.Format);
            Assert.Equal(frames, reader.FrameCount);
            Assert.True(reader.Duration > TimeSpan.FromHours(20));
            var buffer = new float[1 << 16];
            long total = 0, before = GC.GetAllocatedBytesForCurrentThread();
            float first = float.NaN, last = float.NaN;
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                if (total == 0) first = buffer[0];
                last = buffer[n - 1];
                total += n;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(frames, total);
            Assert.Equal(1234 / 32768f, first);
            Assert.Equal(-1234 / 32768f, last);
            Assert.True(allocated < 1 << 20, $"streaming {total} frames allocated {allocated} bytes");
        }
        using (var reader = AudioReader.Open(path))
        {
            reader.Seek(frames - 3);                                    // a window at the end, by seeking
            Assert.Equal([0f, 0f, -1234 / 32768f], reader.ReadClip().Samples.ToArray());
        }
        var whole = Assert.Throws<AudioFormatException>(() => AudioClip.Load(path));
        Assert.Contains("read it in pieces with AudioReader", whole.Reason);
    }

    /// <summary>An RF64 file of <paramref name="frames"/> 16-bit mono frames, sparse, whose first frame is +marker and last −marker.</summary>
    internal static void WriteRf64Header(string path, int rate, long frames, short marker)
    {
        using var f = new FileStream(path, FileMode.CreateNew);
        var w = new BinaryWriter(f);
        long data = frames * 2;
        w.Write("RF64"u8); w.Write(uint.MaxValue); w.Write("WAVE"u8);
        w.Write("ds64"u8); w.Write(28u); w.Write(data + 72); w.Write(data); w.Write(frames); w.Write(0u);
        w.Write("fmt "u8); w.Write(16u); w.Write((ushort)1); w.Write((ushort)1); w.Write((uint)rate); w.Write((uint)rate * 2); w.Write((ushort)2); w.Write((ushort)16);
        w.Write("data"u8); w.Write(uint.MaxValue);
        w.Write(marker);
        w.Flush();
        f.SetLength(f.Position - 2 + data);
        f.Position = f.Length - 2;
        w.Write((short)-marker);
    }
}

/// <summary>A stream that cannot seek, and counts what is read from it.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) { int n = inner.Read(buffer, offset, count); BytesRead += n; return n; }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
