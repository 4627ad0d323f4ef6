using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Audio;
using Xunit;

namespace Ser.Core.Tests.Audio;

public class WavReaderTests
{
    private static AudioClip Parse(byte[] b, WavReadOptions? o = null) => AudioClip.Load(new MemoryStream(b), "test.wav", o);

    [Theory]
    [InlineData((ushort)0x0040, 4, "G.721 ADPCM")]
    [InlineData((ushort)0x0055, 0, "MP3")]
    [InlineData((ushort)0x0031, 0, "GSM 6.10")]
    public void CompressedCodecsAreRefusedByName(ushort tag, int bits, string codec)
    {
        var bytes = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([1, 2, 3, 4]));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), (ushort)bits);
        var e = Assert.Throws<AudioFormatException>(() => Parse(bytes));
        Assert.Contains(codec, e.Reason);
        Assert.Equal("test.wav", e.Source);
    }

    [Theory]
    [InlineData("RIFX", "big-endian RIFX")]
    [InlineData("RF64", "without its 'ds64' chunk")]
    [InlineData("BW64", "without its 'ds64' chunk")]
    public void RifxAndRf64WithoutDs64AreRefusedByName(string signature, string expected)
    {
        var bytes = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([1, 2]));
        System.Text.Encoding.ASCII.GetBytes(signature).CopyTo(bytes, 0);
        Assert.Contains(expected, Assert.Throws<AudioFormatException>(() => Parse(bytes)).Reason);
    }

    [Theory]
    [InlineData("RF64")]
    [InlineData("BW64")]
    public void Rf64TakesTheDataSizeFromItsDs64Chunk(string signature)
    {
        var pcm = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([100, -200, 300, -400]));
        using var ms = new MemoryStream();
        ms.Write(System.Text.Encoding.ASCII.GetBytes(signature));
        ms.Write(BitConverter.GetBytes(uint.MaxValue));
        ms.Write("WAVE"u8);
        ms.Write("ds64"u8);
        ms.Write(BitConverter.GetBytes(28u));
        ms.Write(BitConverter.GetBytes((long)pcm.Length + 36));    // RIFF size
        ms.Write(BitConverter.GetBytes(8L));                       // data size: 4 samples × 2 bytes
        ms.Write(BitConverter.GetBytes(4L));                       // sample frames
        ms.Write(BitConverter.GetBytes(0u));                       // no table
        ms.Write(pcm, 12, 24);                                      // the 'fmt ' chunk
        ms.Write("data"u8);
        ms.Write(BitConverter.GetBytes(uint.MaxValue));            // "see ds64"
        ms.Write(pcm, 44, 8);
        Assert.Equal(Parse(pcm).Samples.ToArray(), Parse(ms.ToArray()).Samples.ToArray());
    }

    [Theory]
    [InlineData(12, 16)]
    [InlineData(20, 24)]
    public void NarrowSamplesInWiderContainersAreReadAsTheContainer(int bits, int container)
    {
        // Left-justified samples: the low container bits are zero; the value read is the container's.
        var data = container == 16
            ? WavTestFiles.Pcm16([16, -32768, 16384])
            : new byte[] { 0x10, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x40 };
        var bytes = WavTestFiles.Build(1, 1, 16000, container, data);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), (ushort)bits);
        var clip = Parse(bytes);
        var expected = Parse(WavTestFiles.Build(1, 1, 16000, container, data));
        Assert.Equal(expected.Samples.ToArray(), clip.Samples.ToArray());
        Assert.Equal(-1f, clip.Samples[1]);
    }

    [Fact]
    public void AClipOverTheLimitIsRefusedFromItsHeaderBeforeAnySampleIsRead()
    {
        var bytes = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16(new short[600_000]));   // 1.2 MB of data, 2.4 MB as float32
        var options = new WavReadOptions { MaxDataBytes = 1000 };
        var stream = new ForwardOnlyStream(new MemoryStream(bytes));
        var e = Assert.Throws<AudioFormatException>(() => AudioClip.Load(stream, "pipe", options));
        Assert.Contains("over the 1000-byte limit", e.Reason);
        Assert.Equal(44, stream.BytesRead);                                  // the header, and nothing of the data
        Assert.Equal(600_000, AudioClip.Load(new ForwardOnlyStream(new MemoryStream(bytes)), "pipe").Samples.Length);
        var small = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16(new short[1000]));     // 4000 bytes as float32
        Assert.Contains("over the 1000-byte limit", Assert.Throws<AudioFormatException>(() => AudioClip.Load(new MemoryStream(small), "s", options)).Reason);
    }

    [Fact]
    public void AnOddFmtChunkWithoutItsPadByteIsRead()
    {
        // fmt of 17 bytes (16 + one extension byte) followed directly by the data chunk, no pad byte.
        var pcm = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([100, -100, 200]));
        using var ms = new MemoryStream();
        ms.Write(pcm, 0, 12);
        ms.Write("fmt "u8);
        ms.Write(BitConverter.GetBytes(17u));
        ms.Write(pcm, 20, 16);
        ms.WriteByte(0x7F);                       // the odd extension byte, no pad after it
        ms.Write(pcm, 36, pcm.Length - 36);       // "data" chunk
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        Assert.Equal(Parse(pcm).Samples.ToArray(), Parse(bytes).Samples.ToArray());
    }

    [Fact]
    public void Pcm16MonoIsScaledBy32768()
    {
        var clip = Parse(WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([0, 16384, -32768, 32767])));
        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal([0f, 0.5f, -1f, 32767f / 32768f], clip.Samples.ToArray());
    }

    [Fact]
    public void Pcm8IsUnsignedWithOffset128()
        => Assert.Equal([-1f, 0f, 0.5f], Parse(WavTestFiles.Build(1, 1, 8000, 8, [0, 128, 192])).Samples.ToArray());

    [Fact]
    public void Pcm24IsSignExtended()
    {
        byte[] d = [0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F]; // -8388608, 8388607
        var s = Parse(WavTestFiles.Build(1, 1, 8000, 24, d)).Samples.ToArray();
        Assert.Equal(-1f, s[0]);
        Assert.Equal(8388607f / 8388608f, s[1], 6);
    }

    [Fact]
    public void Pcm32AndFloat64AreDecoded()
    {
        var d32 = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(d32, int.MinValue);
        BinaryPrimitives.WriteInt32LittleEndian(d32.AsSpan(4), 1 << 30);
        Assert.Equal([-1f, 0.5f], Parse(WavTestFiles.Build(1, 1, 8000, 32, d32)).Samples.ToArray());
        var d64 = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(d64, 0.25);
        BinaryPrimitives.WriteDoubleLittleEndian(d64.AsSpan(8), -0.75);
        Assert.Equal([0.25f, -0.75f], Parse(WavTestFiles.Build(3, 1, 8000, 64, d64)).Samples.ToArray());
    }

    [Fact]
    public void MuLawAndALawFollowG711()
    {
        // µ-law 0xFF and A-law 0xD5 are the codes for zero; µ-law 0x00 is the most negative value (−32124).
        var mu = Parse(WavTestFiles.Build(7, 1, 8000, 8, [0xFF, 0x00, 0x80])).Samples.ToArray();
        Assert.Equal(0f, mu[0]);
        Assert.Equal(-32124f / 32768f, mu[1]);
        Assert.Equal(32124f / 32768f, mu[2]);
        var a = Parse(WavTestFiles.Build(6, 1, 8000, 8, [0xD5, 0x2A, 0xAA])).Samples.ToArray();
        Assert.Equal(8f / 32768f, a[0]);
        Assert.Equal(-32256f / 32768f, a[1]);
        Assert.Equal(32256f / 32768f, a[2]);
    }

    [Fact]
    public void ExtensibleStereoMixesToMonoOrSelectsAChannel()
    {
        var bytes = WavTestFiles.Build(1, 2, 16000, 16, WavTestFiles.Pcm16([16384, 0, -16384, 16384]), extensible: true);
        Assert.Equal([0.25f, 0f], Parse(bytes).Samples.ToArray());
        Assert.Equal([0f, 0.5f], Parse(bytes, new WavReadOptions { ChannelMode = ChannelMode.SelectChannel, Channel = 1 }).Samples.ToArray());
        var all = Parse(bytes, new WavReadOptions { ChannelMode = ChannelMode.KeepAll });
        Assert.Equal(2, all.Channels);
        Assert.Equal(3u, all.Layout.SpeakerMask);
    }

    [Fact]
    public void UnknownAndOddSizedChunksAreSkipped()
    {
        var bytes = WavTestFiles.Build(1, 1, 16000, 16, WavTestFiles.Pcm16([100, 200]),
            extraChunksBefore: [("LIST", new byte[5]), ("bext", new byte[3])]);
        Assert.Equal(2, Parse(bytes).FrameCount);
    }

    public static TheoryData<string, byte[]> BadFiles() => new()
    {
        { "truncated header", "RIFF"u8.ToArray() },
        { "not a RIFF file", WavTestFiles.Build(1, 1, 8000, 16, new byte[4]).Select((b, i) => i == 0 ? (byte)'X' : b).ToArray() },
        { "data chunk claims", WavTestFiles.Build(1, 1, 8000, 16, new byte[4], dataSizeOverride: 1_000_000) },
        { "zero channels", WavTestFiles.Build(1, 0, 8000, 16, new byte[4]) },
        { "zero sample rate", WavTestFiles.Build(1, 1, 0, 16, new byte[4]) },
        { "unsupported codec", WavTestFiles.Build(0x50, 1, 8000, 16, new byte[4]) },
        { "empty data chunk", WavTestFiles.Build(1, 1, 8000, 16, []) },
        { "NaN or infinite", WavTestFiles.Build(3, 1, 8000, 32, BitConverter.GetBytes(float.NaN)) },
        { "no 'data' chunk", WavTestFiles.Build(1, 1, 8000, 16, new byte[4])[..36] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadInputRaisesAudioFormatExceptionNamingFileAndReason(string reason, byte[] bytes)
    {
        var e = Assert.Throws<AudioFormatException>(() => Parse(bytes));
        Assert.Equal("test.wav", e.Source);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void MissingFileRaisesAudioFormatExceptionWithPath()
    {
        var e = Assert.Throws<AudioFormatException>(() => AudioClip.Load("/nonexistent/dir/x.wav"));
        Assert.Contains("/nonexistent/dir/x.wav", e.Message);
    }

    [Fact]
    public void RoundTripPreservesSamplesForEveryWritableFormatLengthAndChannelCount()
    {
        var cases = from frames in Gen.Choose(1, 2000)
                    from channels in Gen.Choose(1, 6)
                    from rate in Gen.Elements(8000, 16000, 44100, 48000)
                    from format in Gen.Elements(WavSampleFormat.Pcm16, WavSampleFormat.Float32)
                    select (frames, channels, rate, format);
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var (frames, channels, rate, format) = c;
                var rng = new Random(frames * 31 + channels);
                var s = new float[frames * channels];
                for (int i = 0; i < s.Length; i++) s[i] = (float)(rng.NextDouble() * 2 - 1);
                var clip = new AudioClip(s, rate, ChannelLayout.ForCount(channels));
                var ms = new MemoryStream();
                WavWriter.Write(ms, clip, format);
                var back = AudioClip.Load(new MemoryStream(ms.ToArray()), "rt", new WavReadOptions { ChannelMode = ChannelMode.KeepAll });
                float tol = format == WavSampleFormat.Pcm16 ? 1f / 32768f : 0f;
                bool ok = back.SampleRate == rate && back.Channels == channels && back.FrameCount == frames;
                for (int i = 0; ok && i < s.Length; i++) ok = Math.Abs(back.Samples[i] - s[i]) <= tol;
                return ok;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FileSaveIsAtomicAndLeavesNoTemporaryFiles()
    {
        var dir = Directory.CreateTempSubdirectory("ser-wav").FullName;
        var path = Path.Combine(dir, "a.wav");
        new AudioClip([0.1f, -0.2f], 16000).Save(path);
        new AudioClip([0.3f], 16000).Save(path, WavSampleFormat.Float32);
        Assert.Equal([0.3f], AudioClip.Load(path).Samples.ToArray());
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void TenThousandMutatedFilesGiveOnlySuccessOrAudioFormatException()
    {
        var rng = new Random(2024);
        var seeds = new[]
        {
            WavTestFiles.Build(1, 2, 16000, 16, WavTestFiles.Pcm16([1, 2, 3, 4, 5, 6]), extraChunksBefore: [("LIST", new byte[7])]),
            WavTestFiles.Build(3, 1, 48000, 32, new byte[16]),
            WavTestFiles.Build(1, 3, 8000, 24, new byte[18], extensible: true),
            WavTestFiles.Build(7, 1, 8000, 8, [1, 2, 3]),
        };
        for (int i = 0; i < 10_000; i++)
        {
            var b = (byte[])seeds[i % seeds.Length].Clone();
            int mutations = 1 + rng.Next(4);
            for (int m = 0; m < mutations; m++)
            {
                switch (rng.Next(4))
                {
                    case 0: b[rng.Next(b.Length)] = (byte)rng.Next(256); break;
                    case 1: b = b[..rng.Next(b.Length)]; break;
                    case 2: BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(rng.Next(Math.Max(1, b.Length - 4))), (uint)rng.Next()); break;
                    default: if (b.Length > 0) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8)); break;
                }
                if (b.Length < 4) break;
            }
            try { Parse(b); }
            catch (AudioFormatException) { }
        }
    }
}
