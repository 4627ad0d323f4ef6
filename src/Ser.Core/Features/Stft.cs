using System.Numerics;

namespace Ser.Core.Features;

/// <summary>Short-time Fourier transform of a mono signal, for any FFT length. Thread-safe once built.</summary>
public sealed class Stft
{
    private readonly StftEngine<double>? _double;
    private readonly StftEngine<float>? _single;

    /// <summary>Builds the transform (window and FFT plan are made once).</summary>
    /// <param name="options">Framing, window and precision settings.</param>
    public Stft(StftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        if (options.Precision == ComputePrecision.Double) _double = new StftEngine<double>(options);
        else _single = new StftEngine<float>(options);
    }

    /// <summary>The settings.</summary>
    public StftOptions Options { get; }

    /// <summary>Bins per frame (FFT length / 2 + 1).</summary>
    public int Bins => Options.FftLength / 2 + 1;

    /// <summary>The complex STFT (unnormalised, e^{−2πikn/N} convention as numpy and torch).</summary>
    /// <param name="signal">Mono samples.</param>
    public ComplexSpectrogram Forward(ReadOnlySpan<float> signal)
    {
        int frames = Options.FrameCount(signal.Length);
        var re = new float[(long)frames * Bins];
        var im = new float[(long)frames * Bins];
        if (_double is not null) _double.Run(signal, new ComplexSink<double>(re, im, Bins));
        else _single!.Run(signal, new ComplexSink<float>(re, im, Bins));
        return new ComplexSpectrogram(re, im, frames, Bins);
    }

    /// <summary>Magnitude (|X|) or power (|X|²) spectrogram.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="sampleRate">Sample rate in Hz, recorded in the result.</param>
    /// <param name="power">True for |X|², false for |X|.</param>
    public Spectrogram Magnitude(ReadOnlySpan<float> signal, int sampleRate, bool power = true)
    {
        int frames = Options.FrameCount(signal.Length);
        var output = new float[(long)frames * Bins];
        if (_double is not null) _double.Run(signal, new MagnitudeSink<double>(output, Bins, power));
        else _single!.Run(signal, new MagnitudeSink<float>(output, Bins, power));
        return new Spectrogram(output, frames, Bins, sampleRate, Options.HopLength);
    }

    private readonly struct ComplexSink<T>(float[] re, float[] im, int bins) : IStftBlockSink<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Consume(int firstFrame, int count, ReadOnlySpan<Vector<T>> vr, ReadOnlySpan<Vector<T>> vi)
        {
            for (int k = 0; k < bins; k++)
                for (int l = 0; l < count; l++)
                {
                    long o = (long)(firstFrame + l) * bins + k;
                    re[o] = float.CreateTruncating(vr[k][l]);
                    im[o] = float.CreateTruncating(vi[k][l]);
                }
        }
    }

    private readonly struct MagnitudeSink<T>(float[] output, int bins, bool power) : IStftBlockSink<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Consume(int firstFrame, int count, ReadOnlySpan<Vector<T>> vr, ReadOnlySpan<Vector<T>> vi)
        {
            for (int k = 0; k < bins; k++)
            {
                var p = vr[k] * vr[k] + vi[k] * vi[k];
                if (!power) p = Vector.SquareRoot(p);
                for (int l = 0; l < count; l++) output[(long)(firstFrame + l) * bins + k] = float.CreateTruncating(p[l]);
            }
        }
    }
}
