using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Ser.Core.Numerics;

namespace Ser.Core.Features;

/// <summary>Receives STFT output a block of up to <see cref="Vector{T}.Count"/> frames at a time.</summary>
internal interface IStftBlockSink
{
    /// <summary>
    /// Called with bins 0 … N/2 of frames <paramref name="firstFrame"/> … <paramref name="firstFrame"/> +
    /// <paramref name="count"/> − 1; lane l of each vector holds frame firstFrame + l.
    /// </summary>
    void Consume(int firstFrame, int count, ReadOnlySpan<Vector<float>> re, ReadOnlySpan<Vector<float>> im);
}

/// <summary>
/// Frames, windows and transforms a signal, <see cref="Vector{T}.Count"/> frames per FFT call (one per
/// SIMD lane). Immutable and thread-safe; per-call scratch comes from the shared array pool.
/// </summary>
internal sealed class StftEngine
{
    private readonly StftOptions _o;
    private readonly RealLaneFft _fft;
    private readonly float[] _window; // the window, WindowLength long, placed at WindowOffset in the frame

    public StftEngine(StftOptions options)
    {
        options.Validate();
        _o = options;
        _fft = new RealLaneFft(options.FftLength);
        _window = WindowFunction.Create(options.Window, options.EffectiveWindowLength, options.WindowSymmetry);
    }

    public StftOptions Options => _o;

    public int Bins => _fft.Bins;

    public void Run<TSink>(ReadOnlySpan<float> signal, TSink sink) where TSink : IStftBlockSink
    {
        int frames = _o.FrameCount(signal.Length);
        if (frames == 0) return;
        int lanes = Vector<float>.Count, c = _fft.ComplexLength, bins = _fft.Bins;
        int floats = (4 * c + 2 * bins) * lanes;
        var rented = ArrayPool<float>.Shared.Rent(floats);
        try
        {
            var all = MemoryMarshal.Cast<float, Vector<float>>(rented.AsSpan(0, floats));
            var zr = all[..c]; var zi = all.Slice(c, c);
            var sr = all.Slice(2 * c, c); var si = all.Slice(3 * c, c);
            var outRe = all.Slice(4 * c, bins); var outIm = all.Slice(4 * c + bins, bins);
            var zrF = MemoryMarshal.Cast<Vector<float>, float>(zr);
            var ziF = MemoryMarshal.Cast<Vector<float>, float>(zi);
            for (int f0 = 0; f0 < frames; f0 += lanes)
            {
                int count = Math.Min(lanes, frames - f0);
                zr.Clear();
                zi.Clear();
                for (int l = 0; l < count; l++) Gather(signal, f0 + l, l, lanes, zrF, ziF);
                _fft.Forward(zr, zi, sr, si, outRe, outIm);
                sink.Consume(f0, count, outRe, outIm);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Writes the windowed frame into lane <paramref name="lane"/> of the packed complex input.</summary>
    private void Gather(ReadOnlySpan<float> x, int frame, int lane, int lanes, Span<float> zr, Span<float> zi)
    {
        var w = _window.AsSpan();
        int offset = _o.WindowOffset;
        long start = (long)frame * _o.HopLength + _o.FirstFrameStart + offset; // signal index of window sample 0
        int wl = w.Length;
        bool inside = start >= 0 && start + wl <= x.Length;
        if (_fft.IsPacked)
        {
            for (int n = 0; n < wl; n++)
            {
                int pos = offset + n;
                float v = w[n] * (inside ? x[(int)(start + n)] : Sample(x, start + n));
                if ((pos & 1) == 0) zr[(pos >> 1) * lanes + lane] = v;
                else zi[(pos >> 1) * lanes + lane] = v;
            }
        }
        else
        {
            for (int n = 0; n < wl; n++)
                zr[(offset + n) * lanes + lane] = w[n] * (inside ? x[(int)(start + n)] : Sample(x, start + n));
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
