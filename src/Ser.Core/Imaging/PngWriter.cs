using System.Buffers.Binary;
using System.IO.Compression;

namespace Ser.Core.Imaging;

/// <summary>Minimal PNG encoder (8-bit RGB, zlib via System.IO.Compression), written atomically.</summary>
public static class PngWriter
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Writes an RGB image (row-major, 3 bytes per pixel) to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="rgb">Pixels, width × height × 3 bytes, top row first.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void WriteRgb(string path, ReadOnlySpan<byte> rgb, int width, int height)
    {
        var copy = rgb.ToArray();
        IO.AtomicFile.Write(path, s => WriteRgb(s, copy, width, height));
    }

    /// <summary>Writes an RGB image to a stream.</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="rgb">Pixels, width × height × 3 bytes, top row first.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void WriteRgb(Stream stream, ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "Image must be at least 1 × 1.");
        if (rgb.Length != (long)width * height * 3) throw new ArgumentException($"Expected {width * height * 3} bytes, got {rgb.Length}.", nameof(rgb));
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // 8-bit, truecolour, deflate, no filter method, no interlace
        Chunk(stream, "IHDR"u8, ihdr);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = width * 3;
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter: none
                z.Write(rgb.Slice(y * stride, stride));
            }
        }
        Chunk(stream, "IDAT"u8, raw.ToArray());
        Chunk(stream, "IEND"u8, []);
    }

    private static void Chunk(Stream s, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        s.Write(type);
        s.Write(data);
        uint crc = Update(Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
