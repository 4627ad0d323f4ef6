namespace Ser.Core.Audio;

/// <summary>
/// An immutable piece of audio: float32 samples in [-1, 1] (interleaved when there is more than one
/// channel), a sample rate in Hz and a channel layout.
/// </summary>
public sealed class AudioClip
{
    private readonly float[] _samples;

    /// <summary>Wraps <paramref name="samples"/> (not copied; do not modify the array afterwards).</summary>
    /// <param name="samples">Interleaved float32 samples; length must be a multiple of the channel count.</param>
    /// <param name="sampleRate">Sample rate in Hz (&gt; 0).</param>
    /// <param name="layout">Channel layout; mono when omitted.</param>
    /// <param name="source">Where the audio came from (a path or a name), used in error messages.</param>
    /// <exception cref="ArgumentException">Rate or channel count not positive, or a length that is not whole frames.</exception>
    public AudioClip(float[] samples, int sampleRate, ChannelLayout? layout = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var l = layout ?? ChannelLayout.Mono;
        if (sampleRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive (Hz).");
        if (l.Count <= 0)
            throw new ArgumentOutOfRangeException(nameof(layout), l.Count, "Channel count must be positive.");
        if (samples.Length % l.Count != 0)
            throw new ArgumentException($"{samples.Length} samples is not a whole number of {l.Count}-channel frames.", nameof(samples));
        _samples = samples;
        SampleRate = sampleRate;
        Layout = l;
        Source = source ?? "<memory>";
    }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>The channel layout.</summary>
    public ChannelLayout Layout { get; }

    /// <summary>Number of channels.</summary>
    public int Channels => Layout.Count;

    /// <summary>Where the audio came from (a path, a stream name, or "&lt;memory&gt;").</summary>
    public string Source { get; }

    /// <summary>Interleaved samples (frame-major: all channels of frame 0, then frame 1, ...).</summary>
    public ReadOnlySpan<float> Samples => _samples;

    /// <summary>Interleaved samples as memory, for APIs that keep a reference.</summary>
    public ReadOnlyMemory<float> SamplesMemory => _samples;

    /// <summary>Number of sample frames (samples per channel).</summary>
    public int FrameCount => _samples.Length / Layout.Count;

    /// <summary>Duration (frames / rate).</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / SampleRate);

    /// <summary>
    /// Reads an audio file, recognised by its content: WAV (our strict reader), AIFF/AIFC, Ogg Vorbis or MP3 (through
    /// NAudio.Core, NVorbis and NLayer). For recordings too long for one clip, stream them with <see cref="AudioReader"/>.
    /// </summary>
    /// <param name="path">File path.</param>
    /// <param name="options">Channel handling and size limit; by default channels are averaged to mono.</param>
    /// <exception cref="AudioFormatException">The file cannot be opened or decoded; the message names it and the reason.</exception>
    public static AudioClip Load(string path, WavReadOptions? options = null)
    {
        using var reader = AudioReader.Open(path, options);
        return reader.ReadClip();
    }

    /// <summary>Reads audio data from a stream (it need not be seekable), recognised by its content; the stream is left open.</summary>
    /// <param name="stream">The stream, positioned at the file's first byte.</param>
    /// <param name="name">A name for error messages.</param>
    /// <param name="options">Channel handling; by default channels are averaged to mono.</param>
    /// <exception cref="AudioFormatException">The data cannot be decoded.</exception>
    public static AudioClip Load(Stream stream, string? name = null, WavReadOptions? options = null)
    {
        using var reader = AudioReader.Open(stream, name, options, leaveOpen: true);
        return reader.ReadClip();
    }

    /// <summary>Writes the clip as a WAV file atomically (temporary file, then rename).</summary>
    /// <param name="path">Destination path; replaced if it exists.</param>
    /// <param name="format">Sample encoding; 16-bit PCM by default.</param>
    public void Save(string path, WavSampleFormat format = WavSampleFormat.Pcm16) => WavWriter.Write(path, this, format);

    /// <summary>Averages all channels into one; returns this clip when it is already mono.</summary>
    public AudioClip ToMono()
    {
        if (Channels == 1) return this;
        var mono = new float[FrameCount];
        MixToMono(_samples, Channels, mono);
        return new AudioClip(mono, SampleRate, ChannelLayout.Mono, Source);
    }

    /// <summary>Extracts one channel as a mono clip.</summary>
    /// <param name="channel">Zero-based channel index.</param>
    public AudioClip SelectChannel(int channel)
    {
        if ((uint)channel >= (uint)Channels)
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"The clip has {Channels} channel(s).");
        if (Channels == 1) return this;
        var mono = new float[FrameCount];
        Deinterleave(_samples, Channels, channel, mono);
        return new AudioClip(mono, SampleRate, ChannelLayout.Mono, Source);
    }

    /// <summary>Averages interleaved frames into <paramref name="mono"/>: channel 0 + 1 + … in order, times 1 / channels.</summary>
    internal static void MixToMono(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        float scale = 1f / channels;
        int frames = interleaved.Length / channels;
        for (int i = 0; i < frames; i++)
        {
            float s = 0;
            var frame = interleaved.Slice(i * channels, channels);
            for (int c = 0; c < frame.Length; c++) s += frame[c];
            mono[i] = s * scale;
        }
    }

    /// <summary>Copies channel <paramref name="channel"/> of interleaved frames into <paramref name="mono"/>.</summary>
    internal static void Deinterleave(ReadOnlySpan<float> interleaved, int channels, int channel, Span<float> mono)
    {
        int frames = interleaved.Length / channels;
        for (int i = 0; i < frames; i++) mono[i] = interleaved[i * channels + channel];
    }

    /// <summary>Returns a copy resampled to <paramref name="targetRate"/> Hz (this clip when the rate already matches).</summary>
    /// <param name="targetRate">Target sample rate in Hz.</param>
    public AudioClip Resample(int targetRate)
    {
        if (targetRate == SampleRate) return this;
        var r = Resampler.Create(SampleRate, targetRate);
        if (Channels == 1)
            return new AudioClip(r.Process(_samples), targetRate, Layout, Source);
        int c = Channels, n = FrameCount;
        float[]? output = null;
        var plane = new float[n];
        for (int ch = 0; ch < c; ch++)
        {
            for (int i = 0; i < n; i++) plane[i] = _samples[i * c + ch];
            var res = r.Process(plane);
            output ??= new float[res.Length * c];
            for (int i = 0; i < res.Length; i++) output[i * c + ch] = res[i];
        }
        return new AudioClip(output!, targetRate, Layout, Source);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Source}: {Duration.TotalSeconds:0.###} s, {SampleRate} Hz, {Layout}";
}
