using System.Buffers.Binary;
using System.IO.Compression;

namespace Ser.Core.Tests.Support;

/// <summary>A minimal PNG reader for tests: 8-bit RGB, non-interlaced, every scanline with filter type 0 (what PngWriter writes).</summary>
public static class PngDecoder
{
    public static (int Width, int Height) Size(string path)
    {
        var (w, h, _) = Read(path);
        return (w, h);
    }

    public static (int Width, int Height, byte[] Rgb) Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (!file.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 })) throw new InvalidDataException("not a PNG");
        int pos = 8, width = 0, height = 0;
        using var idat = new MemoryStream();
        while (pos < file.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            var data = file.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[9] != 2 || data[12] != 0) throw new InvalidDataException("only 8-bit RGB non-interlaced");
            }
            else if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] bytes = raw.ToArray();
        int stride = width * 3;
        if (bytes.Length != height * (stride + 1)) throw new InvalidDataException($"image data is {bytes.Length} bytes, expected {height * (stride + 1)}");
        var rgb = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            if (bytes[y * (stride + 1)] != 0) throw new InvalidDataException("filtered scanlines are not supported");
            bytes.AsSpan(y * (stride + 1) + 1, stride).CopyTo(rgb.AsSpan(y * stride));
        }
        return (width, height, rgb);
    }
}
