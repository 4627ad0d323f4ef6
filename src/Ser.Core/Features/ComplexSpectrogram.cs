namespace Ser.Core.Features;

/// <summary>Complex STFT output: frames × bins, real and imaginary parts in separate row-major arrays.</summary>
public sealed class ComplexSpectrogram
{
    internal ComplexSpectrogram(float[] real, float[] imag, int frames, int bins)
    {
        Real = real;
        Imaginary = imag;
        Frames = frames;
        Bins = bins;
    }

    /// <summary>Number of frames.</summary>
    public int Frames { get; }

    /// <summary>Bins per frame (FFT length / 2 + 1).</summary>
    public int Bins { get; }

    /// <summary>Real parts, row-major frames × bins.</summary>
    public float[] Real { get; }

    /// <summary>Imaginary parts, row-major frames × bins.</summary>
    public float[] Imaginary { get; }
}
