namespace Ser.Core.Audio;

/// <summary>Sample encodings <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM; samples are clipped to [-1, 1) and rounded to the nearest step.</summary>
    Pcm16,

    /// <summary>32-bit IEEE float, lossless for <see cref="AudioClip"/> samples.</summary>
    Float32,
}
