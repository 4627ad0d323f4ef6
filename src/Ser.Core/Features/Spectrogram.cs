namespace Ser.Core.Features;

/// <summary>
/// A real time–frequency matrix, frames × bins, row-major (frame t occupies Data[t·Bins … t·Bins + Bins − 1]).
/// Bins are FFT bins or mel bands, depending on what produced it.
/// </summary>
public sealed class Spectrogram
{
    private readonly float[] _data;

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    /// <param name="data">frames × bins values, row-major.</param>
    /// <param name="frames">Number of frames (rows).</param>
    /// <param name="bins">Number of bins (columns).</param>
    /// <param name="sampleRate">Sample rate of the analysed signal in Hz.</param>
    /// <param name="hopLength">Hop between frames in samples.</param>
    public Spectrogram(float[] data, int frames, int bins, int sampleRate, int hopLength)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (frames < 0 || bins < 1 || (long)frames * bins != data.Length)
            throw new ArgumentException($"{data.Length} values do not make {frames} frames × {bins} bins.", nameof(data));
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
        if (hopLength <= 0) throw new ArgumentOutOfRangeException(nameof(hopLength));
        _data = data;
        Frames = frames;
        Bins = bins;
        SampleRate = sampleRate;
        HopLength = hopLength;
    }

    /// <summary>Number of frames (time steps).</summary>
    public int Frames { get; }

    /// <summary>Number of bins per frame (frequency bins or mel bands).</summary>
    public int Bins { get; }

    /// <summary>Sample rate of the analysed signal in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Hop between frames in samples.</summary>
    public int HopLength { get; }

    /// <summary>Frames per second.</summary>
    public double FrameRate => (double)SampleRate / HopLength;

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<float> Data => _data;

    /// <summary>The values of one frame.</summary>
    /// <param name="frame">Frame index.</param>
    public ReadOnlySpan<float> Frame(int frame) => _data.AsSpan(frame * Bins, Bins);

    /// <summary>Value at (frame, bin).</summary>
    public float this[int frame, int bin] => _data[frame * Bins + bin];

    /// <summary>Start time of a frame's hop in seconds (frame · hop / rate).</summary>
    /// <param name="frame">Frame index.</param>
    public double FrameTime(int frame) => (double)frame * HopLength / SampleRate;
}
