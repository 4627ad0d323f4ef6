using System.Buffers.Binary;
using System.Text;

namespace Ser.Core.Tests.Audio;

/// <summary>Builds WAV byte arrays of any flavour for tests.</summary>
public static class WavTestFiles
{
    public static byte[] Build(ushort tag, int channels, int rate, int bits, byte[] data, bool extensible = false,
        IEnumerable<(string Id, byte[] Body)>? extraChunksBefore = null, uint? dataSizeOverride = null)
    {
        using var ms = new MemoryStream();
        var w = new BinaryWriter(ms, Encoding.ASCII);
        w.Write("RIFF"u8); w.Write(0u); w.Write("WAVE"u8);
        foreach (var (id, body) in extraChunksBefore ?? [])
        {
            w.Write(Encoding.ASCII.GetBytes(id)); w.Write((uint)body.Length); w.Write(body);
            if (body.Length % 2 == 1) w.Write((byte)0);
        }
        int block = channels * bits / 8;
        w.Write("fmt "u8);
        w.Write(extensible ? 40u : 16u);
        w.Write(extensible ? (ushort)0xFFFE : tag);
        w.Write((ushort)channels); w.Write((uint)rate); w.Write((uint)(rate * block)); w.Write((ushort)block); w.Write((ushort)bits);
        if (extensible)
        {
            w.Write((ushort)22); w.Write((ushort)bits); w.Write(channels == 2 ? 3u : 0u);
            w.Write(tag); w.Write(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 });
        }
        w.Write("data"u8); w.Write(dataSizeOverride ?? (uint)data.Length); w.Write(data);
        if (data.Length % 2 == 1) w.Write((byte)0);
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    public static byte[] Pcm16(short[] samples)
    {
        var b = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(2 * i), samples[i]);
        return b;
    }
}
