using System.Numerics;

namespace Ser.Core.Numerics;

/// <summary>
/// Real-input FFT of any length N for <see cref="Vector{T}.Count"/> signals at once (one per lane).
/// Even N packs even/odd samples into one complex FFT of N/2 and untangles the halves afterwards; odd N
/// runs a complex FFT of N. Output: bins 0 … N/2 (N/2 + 1 of them).
/// </summary>
internal sealed class RealLaneFft<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LaneFft<T> _fft;
    private readonly T[] _cos = [], _sin = []; // θ_k = 2πk/N for k ≤ N/2 (even N)

    public RealLaneFft(int n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "FFT length must be at least 2.");
        Length = n;
        Bins = n / 2 + 1;
        IsPacked = n % 2 == 0;
        _fft = new LaneFft<T>(IsPacked ? n / 2 : n);
        if (IsPacked)
        {
            _cos = new T[Bins];
            _sin = new T[Bins];
            for (int k = 0; k < Bins; k++)
            {
                double a = 2 * Math.PI * k / n;
                _cos[k] = T.CreateTruncating(Math.Cos(a));
                _sin[k] = T.CreateTruncating(Math.Sin(a));
            }
        }
    }

    /// <summary>Real input length N.</summary>
    public int Length { get; }

    /// <summary>Output bins, N/2 + 1.</summary>
    public int Bins { get; }

    /// <summary>
    /// True when input sample n goes to <c>re[n / 2]</c> (even n) or <c>im[n / 2]</c> (odd n) of a
    /// half-length complex buffer; false when it goes to <c>re[n]</c> with <c>im</c> zero.
    /// </summary>
    public bool IsPacked { get; }

    /// <summary>Length of the complex work buffers: N/2 when packed, N otherwise.</summary>
    public int ComplexLength => _fft.Length;

    /// <summary>
    /// Transforms the packed input in <paramref name="zr"/>/<paramref name="zi"/> (destroyed) and writes
    /// bins 0 … N/2 into <paramref name="outRe"/>/<paramref name="outIm"/>.
    /// </summary>
    public void Forward(Span<Vector<T>> zr, Span<Vector<T>> zi, Span<Vector<T>> scratchRe, Span<Vector<T>> scratchIm,
        Span<Vector<T>> outRe, Span<Vector<T>> outIm)
    {
        _fft.Forward(zr, zi, scratchRe, scratchIm);
        if (!IsPacked)
        {
            zr[..Bins].CopyTo(outRe);
            zi[..Bins].CopyTo(outIm);
            return;
        }
        int h = ComplexLength;
        var half = new Vector<T>(T.CreateTruncating(0.5));
        for (int k = 0; k < Bins; k++)
        {
            int kk = k == h ? 0 : k, mk = k == 0 ? 0 : h - k;
            var ar = zr[kk]; var ai = zi[kk];
            var br = zr[mk]; var bi = -zi[mk];               // conj(Z[h-k])
            var er = (ar + br) * half; var ei = (ai + bi) * half;
            var or = (ar - br) * half; var oi = (ai - bi) * half;
            T c = _cos[k], s = _sin[k];
            // X = E + (-s - i c) O
            outRe[k] = er - or * s + oi * c;
            outIm[k] = ei - oi * s - or * c;
        }
    }
}
