namespace Ser.Core.Features;

/// <summary>Window shapes for the STFT.</summary>
public enum WindowKind
{
    /// <summary>Hann: 0.5 − 0.5 cos(2πn/D).</summary>
    Hann,

    /// <summary>Hamming: 0.54 − 0.46 cos(2πn/D) (torch's α = 0.54, β = 0.46).</summary>
    Hamming,

    /// <summary>Rectangular: all ones.</summary>
    Rectangular,
}

/// <summary>Whether a window is built for spectral analysis (periodic) or filter design (symmetric).</summary>
public enum WindowSymmetry
{
    /// <summary>Periodic: D = length (torch.hann_window's default, scipy's <c>fftbins=True</c>). Use for STFTs.</summary>
    Periodic,

    /// <summary>Symmetric: D = length − 1 (numpy.hanning, scipy's <c>sym=True</c>).</summary>
    Symmetric,
}

/// <summary>Window functions.</summary>
public static class WindowFunction
{
    /// <summary>Creates a window of <paramref name="length"/> samples.</summary>
    /// <param name="kind">The shape.</param>
    /// <param name="length">Length in samples (≥ 1).</param>
    /// <param name="symmetry">Periodic (default) or symmetric.</param>
    public static float[] Create(WindowKind kind, int length, WindowSymmetry symmetry = WindowSymmetry.Periodic)
    {
        var d = CreateDouble(kind, length, symmetry);
        var w = new float[length];
        for (int n = 0; n < length; n++) w[n] = (float)d[n];
        return w;
    }

    /// <summary>Creates a window of <paramref name="length"/> samples in float64.</summary>
    /// <param name="kind">The shape.</param>
    /// <param name="length">Length in samples (≥ 1).</param>
    /// <param name="symmetry">Periodic (default) or symmetric.</param>
    public static double[] CreateDouble(WindowKind kind, int length, WindowSymmetry symmetry = WindowSymmetry.Periodic)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "Window length must be at least 1.");
        var w = new double[length];
        if (length == 1 || kind == WindowKind.Rectangular)
        {
            Array.Fill(w, 1.0);
            return w;
        }
        double d = symmetry == WindowSymmetry.Periodic ? length : length - 1;
        double a0 = kind == WindowKind.Hann ? 0.5 : 0.54, a1 = 1 - a0;
        for (int n = 0; n < length; n++) w[n] = a0 - a1 * Math.Cos(2 * Math.PI * n / d);
        return w;
    }
}
