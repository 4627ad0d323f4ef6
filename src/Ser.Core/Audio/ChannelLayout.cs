namespace Ser.Core.Audio;

/// <summary>
/// The channels of a clip: how many there are and, when the file said so, which loudspeaker each one
/// feeds (the WAVE_FORMAT_EXTENSIBLE <c>dwChannelMask</c>; 0 when unknown).
/// </summary>
/// <param name="Count">Number of interleaved channels (≥ 1).</param>
/// <param name="SpeakerMask">Speaker-position bit mask as in WAVE_FORMAT_EXTENSIBLE; 0 means unspecified.</param>
public readonly record struct ChannelLayout(int Count, uint SpeakerMask = 0)
{
    /// <summary>One channel.</summary>
    public static ChannelLayout Mono => new(1, 0x4);

    /// <summary>Two channels, front left and front right.</summary>
    public static ChannelLayout Stereo => new(2, 0x3);

    /// <summary>The conventional layout for <paramref name="count"/> channels (mono, stereo, or unspecified).</summary>
    /// <param name="count">Number of channels.</param>
    public static ChannelLayout ForCount(int count) => count switch
    {
        1 => Mono,
        2 => Stereo,
        _ => new ChannelLayout(count, 0),
    };

    /// <inheritdoc />
    public override string ToString() => Count switch
    {
        1 => "mono",
        2 => "stereo",
        _ => $"{Count} channels" + (SpeakerMask != 0 ? $" (mask 0x{SpeakerMask:X})" : string.Empty),
    };
}
