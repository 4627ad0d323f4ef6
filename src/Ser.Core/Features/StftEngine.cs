using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ser.Core.Numerics;

namespace Ser.Core.Features;

/// <summary>Receives STFT output a block of up to <see cref="Vector{T}.Count"/> frames at a time.</summary>
internal interface IStftBlockSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Called with bins 0 … N/2 of frames <paramref name="firstFrame"/> … <paramref name="firstFrame"/> +
    /// <paramref name="count"/> − 1; lane l of each vector holds frame firstFrame + l.
    /// </summary>
    void Consume(int firstFrame, int count, ReadOnlySpan<Vector<T>> re, ReadOnlySpan<Vector<T>> im);
}

/// <summary>
/// Frames, windows and transforms a signal, <see cref="Vector{T}.Count"/> frames per FFT call (one per
/// SIMD lane), in precision <typeparamref name="T"/>. Immutable and thread-safe; per-call scratch comes
/// from the shared array pool.
/// </summary>
internal sealed class StftEngine<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StftOptions _o;
    private readonly RealLaneFft<T> _fft;
    private readonly T[] _window;

    public StftEngine(StftOptions options)
    {
        options.Validate();
        _o = options;
        _fft = new RealLaneFft<T>(options.FftLength);
        var w = WindowFunction.CreateDouble(options.Window, options.EffectiveWindowLength, options.WindowSymmetry);
        _window = new T[w.Length];
        for (int i = 0; i < w.Length; i++) _window[i] = T.CreateTruncating(w[i]);
    }

    public StftOptions Options => _o;

    public int Bins => _fft.Bins;

    public void Run<TSink>(ReadOnlySpan<float> signal, TSink sink) where TSink : IStftBlockSink<T>
    {
        int frames = _o.FrameCount(signal.Length);
        if (frames == 0) return;
        int lanes = Vector<T>.Count, c = _fft.ComplexLength, bins = _fft.Bins;
        int count = (4 * c + 2 * bins) * lanes;
        var rented = ArrayPool<T>.Shared.Rent(count);
        try
        {
            var all = MemoryMarshal.Cast<T, Vector<T>>(rented.AsSpan(0, count));
            var zr = all[..c]; var zi = all.Slice(c, c);
            var sr = all.Slice(2 * c, c); var si = all.Slice(3 * c, c);
            var outRe = all.Slice(4 * c, bins); var outIm = all.Slice(4 * c + bins, bins);
            var zrS = MemoryMarshal.Cast<Vector<T>, T>(zr);
            var ziS = MemoryMarshal.Cast<Vector<T>, T>(zi);
            for (int f0 = 0; f0 < frames; f0 += lanes)
            {
                int n = Math.Min(lanes, frames - f0);
                ClearOutsideWindow(zr, zi);
                for (int l = 0; l < n; l++) Gather(signal, f0 + l, l, lanes, zrS, ziS);
                _fft.Forward(zr, zi, sr, si, outRe, outIm);
                sink.Consume(f0, n, outRe, outIm);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Zeroes the FFT-frame slots the window does not cover (the FFT leaves its scratch there); slots the
    /// window covers are rewritten by <see cref="Gather"/> for every frame.
    /// </summary>
    private void ClearOutsideWindow(Span<Vector<T>> zr, Span<Vector<T>> zi)
    {
        int offset = _o.WindowOffset, end = offset + _window.Length, n = _o.FftLength;
        if (offset == 0 && end == n) return;
        if (_fft.IsPacked)
        {
            // slots p/2 for p < offset and p ≥ end; the two boundary slots hold one covered, one uncovered sample
            int lo = (offset + 1) / 2, hi = (end + 1) / 2;
            zr[..lo].Clear(); zi[..lo].Clear();
            zr[hi..].Clear(); zi[hi..].Clear();
            if ((offset & 1) == 1) zr[offset / 2] = Vector<T>.Zero;
            if ((end & 1) == 1) zi[end / 2] = Vector<T>.Zero;
        }
        else
        {
            zr[..offset].Clear(); zr[end..].Clear();
            zi.Clear();
        }
    }

    /// <summary>Writes the windowed frame into lane <paramref name="lane"/> of the (packed) complex input.</summary>
    private void Gather(ReadOnlySpan<float> x, int frame, int lane, int lanes, Span<T> zr, Span<T> zi)
    {
        int offset = _o.WindowOffset, wl = _window.Length;
        long start = (long)frame * _o.HopLength + _o.FirstFrameStart + offset; // signal index of window sample 0
        if (start < 0 || start + wl > x.Length)
        {
            GatherPadded(x, start, lane, lanes, zr, zi);
            return;
        }
        ref float src = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), (nint)start);
        ref T w = ref MemoryMarshal.GetArrayDataReference(_window);
        ref T r = ref MemoryMarshal.GetReference(zr);
        ref T i = ref MemoryMarshal.GetReference(zi);
        if (!_fft.IsPacked)
        {
            for (int n = 0; n < wl; n++)
                Unsafe.Add(ref r, (offset + n) * lanes + lane) = Unsafe.Add(ref w, n) * T.CreateTruncating(Unsafe.Add(ref src, n));
            return;
        }
        // Packed: frame position p = offset + n goes to re[p/2] (even p) or im[p/2] (odd p).
        int n0 = 0;
        if ((offset & 1) == 1)
        {
            Unsafe.Add(ref i, (offset >> 1) * lanes + lane) = Unsafe.Add(ref w, 0) * T.CreateTruncating(src);
            n0 = 1;
        }
        int pairBase = (offset + n0) >> 1;
        int pairs = (wl - n0) >> 1;
        for (int k = 0; k < pairs; k++)
        {
            int n = n0 + 2 * k;
            int o = (pairBase + k) * lanes + lane;
            Unsafe.Add(ref r, o) = Unsafe.Add(ref w, n) * T.CreateTruncating(Unsafe.Add(ref src, n));
            Unsafe.Add(ref i, o) = Unsafe.Add(ref w, n + 1) * T.CreateTruncating(Unsafe.Add(ref src, n + 1));
        }
        if (n0 + 2 * pairs < wl)
        {
            int n = wl - 1;
            Unsafe.Add(ref r, (pairBase + pairs) * lanes + lane) = Unsafe.Add(ref w, n) * T.CreateTruncating(Unsafe.Add(ref src, n));
        }
    }

    private void GatherPadded(ReadOnlySpan<float> x, long start, int lane, int lanes, Span<T> zr, Span<T> zi)
    {
        int offset = _o.WindowOffset;
        for (int n = 0; n < _window.Length; n++)
        {
            int pos = offset + n;
            T v = _window[n] * T.CreateTruncating(Sample(x, start + n));
            if (!_fft.IsPacked) zr[pos * lanes + lane] = v;
            else if ((pos & 1) == 0) zr[(pos >> 1) * lanes + lane] = v;
            else zi[(pos >> 1) * lanes + lane] = v;
        }
    }

    /// <summary>Sample at signal index <paramref name="i"/>, applying the padding rule outside the signal.</summary>
    private float Sample(ReadOnlySpan<float> x, long i)
    {
        if (i >= 0 && i < x.Length) return x[(int)i];
        if (_o.Padding != Padding.Reflect || x.Length < 2) return 0f;
        long period = 2L * (x.Length - 1);
        long m = ((i % period) + period) % period;
        return x[(int)(m < x.Length ? m : period - m)];
    }
}
