namespace Ser.Core.Audio;

/// <summary>How a multi-channel WAV file becomes an <see cref="AudioClip"/>.</summary>
public enum ChannelMode
{
    /// <summary>Average all channels into one (the default: the SER front-end works on mono).</summary>
    MixToMono,

    /// <summary>Keep one channel, <see cref="WavReadOptions.Channel"/>.</summary>
    SelectChannel,

    /// <summary>Keep every channel, interleaved.</summary>
    KeepAll,
}

/// <summary>Options for reading WAV data.</summary>
public sealed class WavReadOptions
{
    /// <summary>Channel handling. Default: <see cref="ChannelMode.MixToMono"/>.</summary>
    public ChannelMode ChannelMode { get; init; } = ChannelMode.MixToMono;

    /// <summary>Zero-based channel kept when <see cref="ChannelMode"/> is <see cref="ChannelMode.SelectChannel"/>. Default: 0.</summary>
    public int Channel { get; init; }

    /// <summary>
    /// Upper bound on the size of one clip read whole (<see cref="AudioClip.Load(string, WavReadOptions?)"/>,
    /// <see cref="AudioReader.ReadClip"/>), in bytes of decoded float32 samples: a guard against giant files, checked
    /// before anything is decoded where the header gives the length. <see cref="AudioReader.Read"/> streams any length and
    /// ignores it. Default: 2 GiB (about 9 hours of 16 kHz mono).
    /// </summary>
    public long MaxDataBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The default options: mix to mono.</summary>
    public static WavReadOptions Default { get; } = new();
}
