namespace Ser.Core.Features;

/// <summary>How the STFT frames the signal at its ends.</summary>
public enum Padding
{
    /// <summary>
    /// No padding, no centring: frame t starts at sample t·hop; only frames that fit inside the signal are
    /// produced (VGGish, YAMNet, scipy with <c>boundary=None</c>, torch.stft with <c>center=False</c>).
    /// </summary>
    None,

    /// <summary>
    /// Centred frames: FFT-length/2 samples of reflection (x[−1] = x[1]) are added at both ends, so frame t
    /// is centred on sample t·hop (torch.stft's default, <c>pad_mode="reflect"</c>).
    /// </summary>
    Reflect,

    /// <summary>Centred frames with zeros as padding (librosa ≥ 0.10's default, <c>pad_mode="constant"</c>).</summary>
    Zeros,
}

/// <summary>Where a window shorter than the FFT sits inside the FFT frame.</summary>
public enum WindowPlacement
{
    /// <summary>Centred in the frame, (FFT − window)/2 zeros before it (torch.stft, torchaudio, librosa).</summary>
    Center,

    /// <summary>At the start of the frame, zeros after it (TensorFlow's tf.signal.stft, VGGish's mel_features, YAMNet).</summary>
    Left,
}
