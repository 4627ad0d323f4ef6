using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Ser.Core.Audio;

namespace Ser.Core.Features;

/// <summary>
/// Log-mel spectrogram: STFT → magnitude or power → sparse mel bank → log, fused so that no full
/// spectrogram is ever stored. Output: frames × mel bands (time-major, as VGGish's 96 × 64 patches).
/// Build once and reuse: the instance is immutable and thread-safe.
/// </summary>
public sealed class LogMel
{
    private readonly StftOptions _stftOptions;
    private readonly StftEngine<double>? _double;
    private readonly StftEngine<float>? _single;
    private readonly MelFilterBank _mel;
    private readonly double[] _weightsDouble;

    /// <summary>Builds the transform; options are validated once, listing every bad field.</summary>
    /// <param name="options">Settings, usually a preset such as <see cref="LogMelOptions.VGGish"/>.</param>
    public LogMel(LogMelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _stftOptions = options.ToStftOptions();
        if (options.Precision == ComputePrecision.Double) _double = new StftEngine<double>(_stftOptions);
        else _single = new StftEngine<float>(_stftOptions);
        _mel = new MelFilterBank(options.ToMelOptions());
        _weightsDouble = new double[_mel.Weights.Length];
        for (int i = 0; i < _weightsDouble.Length; i++) _weightsDouble[i] = _mel.Weights[i];
    }

    /// <summary>The settings.</summary>
    public LogMelOptions Options { get; }

    /// <summary>The mel filter bank in use.</summary>
    public MelFilterBank FilterBank => _mel;

    /// <summary>Number of frames produced for <paramref name="samples"/> samples at <see cref="LogMelOptions.SampleRate"/>.</summary>
    /// <param name="samples">Signal length in samples.</param>
    public int FrameCount(long samples) => _stftOptions.FrameCount(samples);

    /// <summary>Computes the log-mel spectrogram of a clip (mixed to mono; resampled if the options allow).</summary>
    /// <param name="clip">The audio.</param>
    /// <exception cref="AudioFormatException">The rate differs and resampling is off, or the clip is shorter than one frame.</exception>
    public Spectrogram Compute(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var mono = clip.ToMono();
        if (mono.SampleRate != Options.SampleRate)
        {
            if (!Options.ResampleInput)
                throw new AudioFormatException(clip.Source, $"sample rate {clip.SampleRate} Hz differs from the {Options.SampleRate} Hz the log-mel options expect, and ResampleInput is off");
            mono = mono.Resample(Options.SampleRate);
        }
        return Compute(mono.Samples, clip.Source);
    }

    /// <summary>Computes the log-mel spectrogram of mono samples at <see cref="LogMelOptions.SampleRate"/>.</summary>
    /// <param name="signal">Samples.</param>
    /// <param name="source">Name for error messages.</param>
    public Spectrogram Compute(ReadOnlySpan<float> signal, string source = "<memory>")
    {
        int frames = FrameCount(signal.Length);
        if (frames == 0)
            throw new AudioFormatException(source, $"{signal.Length} samples is shorter than one analysis frame ({(Options.Padding == Padding.None ? Options.WindowLength : Options.FftLength / 2 + 1)} samples)");
        var output = GC.AllocateUninitializedArray<float>(checked(frames * _mel.Bands));   // every value is written
        Compute(signal, output);
        return new Spectrogram(output, frames, _mel.Bands, Options.SampleRate, Options.HopLength);
    }

    /// <summary>Computes into a caller-provided buffer of <see cref="FrameCount"/> × bands floats (no allocation but scratch).</summary>
    /// <param name="signal">Samples at <see cref="LogMelOptions.SampleRate"/>.</param>
    /// <param name="output">Destination, row-major frames × bands.</param>
    public void Compute(ReadOnlySpan<float> signal, Span<float> output)
    {
        int frames = FrameCount(signal.Length);
        long need = (long)frames * _mel.Bands;
        if (output.Length < need) throw new ArgumentException($"Output needs {need} floats, got {output.Length}.", nameof(output));
        var o = output[..(int)need];
        bool power = Options.Spectrum == SpectrumKind.Power;
        if (_double is not null) Run(_double, _weightsDouble, power, signal, o);
        else Run(_single!, _mel.WeightsArray, power, signal, o);
        // The log itself is applied block by block while the block is in cache (MelSink); only top_db needs the whole clip.
        if (Options.Log == LogKind.Decibels && Options.TopDb is { } top && o.Length > 0)
            TensorPrimitives.Max(o, TensorPrimitives.Max(o) - (float)top, o);
    }

    private unsafe void Run<T>(StftEngine<T> engine, T[] weights, bool power, ReadOnlySpan<float> signal, Span<float> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector<T>.Count;
        var rented = ArrayPool<T>.Shared.Rent((_mel.MaxBin + _mel.Bands) * lanes);
        try
        {
            fixed (float* outPtr = output)
            fixed (T* scratch = rented)
            fixed (T* w = weights)
                engine.Run(signal, new MelSink<T>(_mel, power, outPtr, scratch, w, new LogStep(Options)));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>The element-wise part of the log (everything but top_db), applied to each block of frames.</summary>
    private readonly struct LogStep(LogMelOptions o)
    {
        private readonly LogKind _kind = o.Log;
        private readonly float _offset = (float)o.LogOffset, _amin = (float)o.DecibelAmin, _mult = o.Spectrum == SpectrumKind.Power ? 10f : 20f;

        public void Apply(Span<float> x)
        {
            switch (_kind)
            {
                case LogKind.NaturalWithOffset:
                    TensorPrimitives.Add(x, _offset, x);
                    TensorPrimitives.Log(x, x);
                    break;
                case LogKind.Decibels:
                    TensorPrimitives.Max(x, _amin, x);
                    TensorPrimitives.Log10(x, x);
                    TensorPrimitives.Multiply(x, _mult, x);
                    break;
            }
        }
    }

    private readonly unsafe struct MelSink<T>(MelFilterBank mel, bool power, float* output, T* scratch, T* weights, LogStep log) : IStftBlockSink<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Consume(int firstFrame, int count, ReadOnlySpan<Vector<T>> re, ReadOnlySpan<Vector<T>> im)
        {
            int lanes = Vector<T>.Count, bands = mel.Bands;
            var spec = new Span<Vector<T>>(scratch, mel.MaxBin);
            for (int k = mel.MinBin; k < mel.MaxBin; k++)
            {
                var p = re[k] * re[k] + im[k] * im[k];
                spec[k] = power ? p : Vector.SquareRoot(p);
            }
            var acc = new Span<Vector<T>>(scratch + mel.MaxBin * lanes, bands);
            for (int m = 0; m < bands; m++)
            {
                var (start, offset, length) = mel.Band(m);
                var a = Vector<T>.Zero;
                for (int i = 0; i < length; i++) a += spec[start + i] * weights[offset + i];
                acc[m] = a;
            }
            var accS = MemoryMarshal.Cast<Vector<T>, T>(acc);
            for (int l = 0; l < count; l++)
            {
                float* row = output + (long)(firstFrame + l) * bands;
                for (int m = 0; m < bands; m++) row[m] = float.CreateTruncating(accS[m * lanes + l]);
            }
            log.Apply(new Span<float>(output + (long)firstFrame * bands, count * bands));
        }
    }
}
