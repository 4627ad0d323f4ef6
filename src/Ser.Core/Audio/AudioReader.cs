namespace Ser.Core.Audio;

/// <summary>
/// Reads audio as a stream of float32 sample frames in bounded memory, whatever the file's length: WAV (our strict
/// reader: PCM, float, µ/A-law, IMA and Microsoft ADPCM, RF64/BW64 beyond 4 GiB), AIFF/AIFC, Ogg Vorbis and MP3,
/// recognised by content. Channels are mixed to mono, one is selected, or all are kept, as
/// <see cref="WavReadOptions.ChannelMode"/> says. <see cref="AudioClip.Load(string, WavReadOptions?)"/> is this reader
/// read to its end; <see cref="Seek"/> and <see cref="ReadClip"/> read a window of a long recording without decoding the
/// rest (WAV seeks; the other formats decode and discard up to the window).
/// </summary>
/// <example>
/// <code>
/// using var reader = AudioReader.Open("call.wav");
/// var buffer = new float[reader.Channels * 16000];
/// int n;
/// while ((n = reader.Read(buffer)) &gt; 0) Process(buffer.AsSpan(0, n));
/// </code>
/// </example>
public abstract class AudioReader : IDisposable
{
    private const int ScratchFrames = 4096;
    private readonly WavReadOptions _options;
    private float[]? _scratch;
    private bool _disposed;

    private protected AudioReader(string source, string format, int sampleRate, ChannelLayout sourceLayout, long? frameCount, WavReadOptions options)
    {
        Source = source;
        Format = format;
        SampleRate = sampleRate;
        SourceLayout = sourceLayout;
        FrameCount = frameCount;
        _options = options;
        if (options.ChannelMode == ChannelMode.SelectChannel && (options.Channel < 0 || options.Channel >= sourceLayout.Count))
            throw new AudioFormatException(source, $"channel {options.Channel} requested but the file has {sourceLayout.Count}");
    }

    /// <summary>
    /// Opens an audio file, recognised by its content (WAV, AIFF/AIFC, Ogg Vorbis, MP3). Only the header is read here.
    /// </summary>
    /// <param name="path">File path.</param>
    /// <param name="options">Channel handling; by default channels are averaged to mono.</param>
    /// <exception cref="AudioFormatException">The file cannot be opened or its header decoded; the message names it and the reason.</exception>
    public static AudioReader Open(string path, WavReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Open(OpenFile(path), path, options, leaveOpen: false);
    }

    /// <summary>
    /// Opens a file for reading: a 4 KiB buffer serves the header walk; the decoders' 64 KiB reads bypass it.
    /// </summary>
    /// <exception cref="AudioFormatException">It cannot be opened; the message names it and the reason.</exception>
    internal static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new AudioFormatException(path, "cannot open file: " + e.Message, e);
        }
    }

    /// <summary>Opens audio data in a stream (seekable or not), recognised by its content.</summary>
    /// <param name="stream">The stream, positioned at the file's first byte.</param>
    /// <param name="name">A name for messages; "&lt;stream&gt;" when null.</param>
    /// <param name="options">Channel handling; by default channels are averaged to mono.</param>
    /// <param name="leaveOpen">Leave <paramref name="stream"/> open when the reader is disposed. Default false.</param>
    /// <exception cref="AudioFormatException">The header cannot be read or decoded.</exception>
    public static AudioReader Open(Stream stream, string? name = null, WavReadOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        name ??= "<stream>";
        options ??= WavReadOptions.Default;
        try
        {
            var input = new ByteInput(stream, name, leaveOpen);
            string? format;
            try
            {
                format = DecoderAudioReader.Recognise(input.Peek(12));
            }
            catch
            {
                input.Dispose();
                throw;
            }
            return format is null ? WavStreamReader.Open(input, options) : DecoderAudioReader.Open(input, format, options);
        }
        catch when (!leaveOpen)
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Where the audio comes from (a path, or the stream's name).</summary>
    public string Source { get; }

    /// <summary>The container or codec: "WAV", "AIFF", "Ogg Vorbis" or "MP3".</summary>
    public string Format { get; }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>The channels in the file.</summary>
    public ChannelLayout SourceLayout { get; }

    /// <summary>The channels delivered: the file's with <see cref="ChannelMode.KeepAll"/>, otherwise mono.</summary>
    public ChannelLayout Layout => _options.ChannelMode == ChannelMode.KeepAll ? SourceLayout : ChannelLayout.Mono;

    /// <summary>Number of channels delivered (interleaved in <see cref="Read"/>).</summary>
    public int Channels => Layout.Count;

    /// <summary>
    /// Sample frames in the file, when its header says (WAV, AIFF, Ogg Vorbis); null when it does not (MP3, a WAV
    /// stream written with an unknown length).
    /// </summary>
    public long? FrameCount { get; }

    /// <summary>Duration of the file (<see cref="FrameCount"/> / <see cref="SampleRate"/>), when known.</summary>
    public TimeSpan? Duration => FrameCount is long n ? TimeSpan.FromSeconds((double)n / SampleRate) : null;

    /// <summary>Sample frames read or skipped so far.</summary>
    public long Position { get; private set; }

    /// <summary>The options it reads with.</summary>
    public WavReadOptions Options => _options;

    /// <summary>
    /// Reads the next sample frames into <paramref name="destination"/> (interleaved, <see cref="Channels"/> per frame; as
    /// many whole frames as fit) and returns the number of samples written: 0 at the end of the audio.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> holds less than one frame.</exception>
    /// <exception cref="AudioFormatException">The data is truncated or cannot be decoded.</exception>
    public int Read(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int outChannels = Channels, inChannels = SourceLayout.Count;
        int frames = destination.Length / outChannels;
        if (frames == 0) throw new ArgumentException($"the destination holds {destination.Length} samples, less than one {outChannels}-channel frame", nameof(destination));
        int got;
        if (outChannels == inChannels)
            got = ReadFrames(destination[..(frames * inChannels)]);
        else
        {
            _scratch ??= new float[ScratchFrames * inChannels];
            got = ReadFrames(_scratch.AsSpan(0, Math.Min(frames, ScratchFrames) * inChannels));
            var source = _scratch.AsSpan(0, got * inChannels);
            if (_options.ChannelMode == ChannelMode.SelectChannel) AudioClip.Deinterleave(source, inChannels, _options.Channel, destination);
            else AudioClip.MixToMono(source, inChannels, destination);
        }
        Position += got;
        return got * outChannels;
    }

    /// <summary>
    /// Reads until <paramref name="destination"/> is full (whole frames) or the audio ends; returns the samples written.
    /// </summary>
    /// <exception cref="AudioFormatException">The data is truncated or cannot be decoded.</exception>
    public int Fill(Span<float> destination)
    {
        int at = 0, got;
        int whole = destination.Length / Channels * Channels;
        while (at < whole && (got = Read(destination[at..whole])) > 0) at += got;
        return at;
    }

    /// <summary>
    /// Moves to sample frame <paramref name="frame"/>. A WAV file in a seekable stream seeks; anything else reads and
    /// discards up to it (forward only). A frame past the end leaves the reader at the end.
    /// </summary>
    /// <exception cref="NotSupportedException">A backward move in a stream that cannot seek.</exception>
    public void Seek(long frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        if (FrameCount is long n && frame > n) frame = n;
        if (frame == Position) return;
        if (TrySeekFrames(frame))
        {
            Position = frame;
            return;
        }
        if (frame < Position) throw new NotSupportedException($"{Source}: cannot move back from frame {Position} to {frame} in {Format} data that cannot seek");
        _scratch ??= new float[ScratchFrames * SourceLayout.Count];
        while (Position < frame)
        {
            int want = (int)Math.Min(ScratchFrames, frame - Position);
            int got = ReadFrames(_scratch.AsSpan(0, want * SourceLayout.Count));
            if (got == 0) break;
            Position += got;
        }
    }

    /// <summary>
    /// Reads up to <paramref name="maxFrames"/> frames from <see cref="Position"/> (by default, to the end) as one clip,
    /// within <see cref="WavReadOptions.MaxDataBytes"/>.
    /// </summary>
    /// <exception cref="AudioFormatException">No frame is left, the clip would exceed the limit, or the data cannot be decoded.</exception>
    public AudioClip ReadClip(long maxFrames = long.MaxValue)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrames);
        int channels = Channels;
        long limit = Math.Min(_options.MaxDataBytes / sizeof(float), Array.MaxLength);
        float[] samples;
        if (FrameCount is long n)
        {
            long want = Math.Min(Math.Max(0, n - Position), maxFrames) * channels;
            CheckLimit(want, limit);
            samples = new float[want];
            int at = Fill(samples);
            if (at < samples.Length) Array.Resize(ref samples, at);
        }
        else
            samples = ReadGrowing(maxFrames, limit);
        if (samples.Length == 0) throw new AudioFormatException(Source, EmptyReason);
        return new AudioClip(samples, SampleRate, Layout, Source);
    }

    private float[] ReadGrowing(long maxFrames, long limit)
    {
        int channels = Channels;
        var parts = new List<float[]>();
        long total = 0;
        var chunk = new float[(1 << 15) / channels * channels];
        while (total / channels < maxFrames)
        {
            int want = (int)Math.Min(chunk.Length, (maxFrames - total / channels) * channels);
            int got = Read(chunk.AsSpan(0, want));
            if (got == 0) break;
            total += got;
            CheckLimit(total, limit);
            parts.Add(chunk.AsSpan(0, got).ToArray());
        }
        var samples = new float[total];
        int at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(samples, at);
            at += part.Length;
        }
        return samples;
    }

    /// <summary>Throws unless a clip of <paramref name="samples"/> samples fits <see cref="WavReadOptions.MaxDataBytes"/> and one array.</summary>
    internal void CheckClipSize(long samples) => CheckLimit(samples, Math.Min(_options.MaxDataBytes / sizeof(float), Array.MaxLength));

    private void CheckLimit(long samples, long limit)
    {
        if (samples > limit)
            throw new AudioFormatException(Source, samples * sizeof(float) > _options.MaxDataBytes
                ? $"the audio decodes to {samples * sizeof(float)} bytes, over the {_options.MaxDataBytes}-byte limit (WavReadOptions.MaxDataBytes); read it in pieces with AudioReader"
                : $"the audio holds {samples} samples, too many for one clip; read it in pieces with AudioReader");
    }

    /// <summary>What <see cref="ReadClip"/> says when no frame is left.</summary>
    private protected abstract string EmptyReason { get; }

    /// <summary>Decodes the next frames of every channel (interleaved) into <paramref name="interleaved"/> (whole frames); returns the frames written, 0 at the end.</summary>
    private protected abstract int ReadFrames(Span<float> interleaved);

    /// <summary>Moves to <paramref name="frame"/> (≤ <see cref="FrameCount"/> when known) without decoding, when the format and stream allow; false otherwise.</summary>
    private protected virtual bool TrySeekFrames(long frame) => false;

    /// <summary>Releases the stream (unless it was opened with leaveOpen); called once, by the first <see cref="Dispose()"/>.</summary>
    protected virtual void Dispose(bool disposing) => _disposed = true;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Source}: {Format}, {SampleRate} Hz, {SourceLayout}" + (Duration is { } d ? $", {d.TotalSeconds:0.###} s" : "");
}
