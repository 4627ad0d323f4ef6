using System.Numerics;

namespace Ser.Core.Features;

/// <summary>Short-time Fourier transform of a mono signal, for any FFT length. Thread-safe once built.</summary>
public sealed class Stft
{
    private readonly StftEngine _engine;

    /// <summary>Builds the transform (window and FFT plan are made once).</summary>
    /// <param name="options">Framing and window settings.</param>
    public Stft(StftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = new StftEngine(options);
    }

    /// <summary>The settings.</summary>
    public StftOptions Options => _engine.Options;

    /// <summary>Bins per frame (FFT length / 2 + 1).</summary>
    public int Bins => _engine.Bins;

    /// <summary>The complex STFT (unnormalised, e^{−2πikn/N} convention as numpy and torch).</summary>
    /// <param name="signal">Mono samples.</param>
    public ComplexSpectrogram Forward(ReadOnlySpan<float> signal)
    {
        int frames = Options.FrameCount(signal.Length);
        var sink = new ComplexSink(new float[(long)frames * Bins], new float[(long)frames * Bins], Bins);
        _engine.Run(signal, sink);
        return new ComplexSpectrogram(sink.Re, sink.Im, frames, Bins);
    }

    /// <summary>Magnitude (|X|) or power (|X|²) spectrogram.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="sampleRate">Sample rate in Hz, recorded in the result.</param>
    /// <param name="power">True for |X|², false for |X|.</param>
    public Spectrogram Magnitude(ReadOnlySpan<float> signal, int sampleRate, bool power = true)
    {
        int frames = Options.FrameCount(signal.Length);
        var sink = new MagnitudeSink(new float[(long)frames * Bins], Bins, power);
        _engine.Run(signal, sink);
        return new Spectrogram(sink.Out, frames, Bins, sampleRate, Options.HopLength);
    }

    private readonly struct ComplexSink(float[] re, float[] im, int bins) : IStftBlockSink
    {
        public float[] Re => re;
        public float[] Im => im;

        public void Consume(int firstFrame, int count, ReadOnlySpan<Vector<float>> vr, ReadOnlySpan<Vector<float>> vi)
        {
            for (int k = 0; k < bins; k++)
                for (int l = 0; l < count; l++)
                {
                    long o = (long)(firstFrame + l) * bins + k;
                    re[o] = vr[k][l];
                    im[o] = vi[k][l];
                }
        }
    }

    private readonly struct MagnitudeSink(float[] output, int bins, bool power) : IStftBlockSink
    {
        public float[] Out => output;

        public void Consume(int firstFrame, int count, ReadOnlySpan<Vector<float>> vr, ReadOnlySpan<Vector<float>> vi)
        {
            for (int k = 0; k < bins; k++)
            {
                var p = vr[k] * vr[k] + vi[k] * vi[k];
                if (!power) p = Vector.SquareRoot(p);
                for (int l = 0; l < count; l++) output[(long)(firstFrame + l) * bins + k] = p[l];
            }
        }
    }
}
