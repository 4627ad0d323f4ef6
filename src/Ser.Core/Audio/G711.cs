namespace Ser.Core.Audio;

/// <summary>ITU-T G.711 µ-law and A-law expansion to linear 16-bit values.</summary>
internal static class G711
{
    private static readonly short[] MuLawTable = BuildMuLaw();
    private static readonly short[] ALawTable = BuildALaw();

    public static short MuLaw(byte b) => MuLawTable[b];

    public static short ALaw(byte b) => ALawTable[b];

    private static short[] BuildMuLaw()
    {
        var t = new short[256];
        for (int i = 0; i < 256; i++)
        {
            int u = ~i & 0xFF;
            int sign = u & 0x80, exponent = (u >> 4) & 0x07, mantissa = u & 0x0F;
            int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
            t[i] = (short)(sign != 0 ? -magnitude : magnitude);
        }
        return t;
    }

    private static short[] BuildALaw()
    {
        var t = new short[256];
        for (int i = 0; i < 256; i++)
        {
            int a = i ^ 0x55;
            int sign = a & 0x80, exponent = (a >> 4) & 0x07, mantissa = a & 0x0F;
            int magnitude = exponent == 0
                ? (mantissa << 4) + 8
                : ((mantissa << 4) + 0x108) << (exponent - 1);
            t[i] = (short)(sign != 0 ? magnitude : -magnitude);
        }
        return t;
    }
}
