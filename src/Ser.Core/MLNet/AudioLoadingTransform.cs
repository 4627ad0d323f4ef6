using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Ser.Core.Audio;

namespace Ser.Core.MLNet;

/// <summary>What <see cref="AudioLoadingTransform"/> does with a file it cannot read.</summary>
public enum UnreadableAudio
{
    /// <summary>Throw <see cref="AudioFormatException"/> (naming the file and the reason) from the cursor. The default.</summary>
    Throw,
    /// <summary>
    /// Give the row empty samples and sample rate 0, and the reason in <see cref="AudioLoadingTransform.Options.ErrorColumnName"/>
    /// (empty text for rows read fine). Downstream Ser.Core stages refuse empty audio, so filter such rows first
    /// (<c>mlContext.Data.FilterByCustomPredicate</c>, or read the error column).
    /// </summary>
    Flag,
}

/// <summary>
/// Reads the audio file named in a text column into samples (mono float32, a variable-length <c>Vector&lt;Single&gt;</c>)
/// and its sample rate (<c>Int32</c>, Hz), optionally resampled. Reached as <c>mlContext.Transforms.LoadAudio(...)</c>.
/// Files are read when a cursor asks for the samples, one row at a time, straight into the caller's buffer; a row with
/// window columns (<see cref="Options.WindowStartColumnName"/>, as <c>mlContext.Data.LoadAudioWindows</c> writes) reads
/// only its window.
/// </summary>
public sealed class AudioLoadingTransform : SerStatelessTransform<AudioLoadingTransform>
{
    /// <summary>Settings of <see cref="AudioLoadingTransform"/>.</summary>
    public sealed class Options
    {
        /// <summary>Column of samples written. Default <c>"Audio"</c>.</summary>
        public string OutputColumnName { get; init; } = "Audio";
        /// <summary>Text column with the file path read. Default <c>"Path"</c>.</summary>
        public string InputColumnName { get; init; } = "Path";
        /// <summary>Column of sample rates (Hz) written. Default <c>"SampleRate"</c>.</summary>
        public string SampleRateColumnName { get; init; } = "SampleRate";
        /// <summary>Resample every clip to this rate (Hz); null keeps each file's rate. Default null.</summary>
        public int? SampleRate { get; init; }
        /// <summary>Folder that relative paths are resolved against; null = the current directory. Default null.</summary>
        public string? BaseFolder { get; init; }
        /// <summary>What to do with a file that cannot be read. Default <see cref="UnreadableAudio.Throw"/>.</summary>
        public UnreadableAudio OnUnreadable { get; init; } = UnreadableAudio.Throw;
        /// <summary>Text column with the reason a file could not be read, written with <see cref="UnreadableAudio.Flag"/>. Default <c>"AudioError"</c>.</summary>
        public string ErrorColumnName { get; init; } = "AudioError";
        /// <summary>Channel handling. Default: mix to mono.</summary>
        public ChannelMode Channels { get; init; } = ChannelMode.MixToMono;
        /// <summary>Channel kept with <see cref="ChannelMode.SelectChannel"/> (0-based). Default 0.</summary>
        public int Channel { get; init; }
        /// <summary>
        /// Column of window starts (Double or Single, seconds from the file's start). When the input has it (as
        /// <c>mlContext.Data.LoadAudioWindows</c> writes), a row reads only its window of the file, seeking there, so a long
        /// recording is read in pieces in bounded memory; a fitted model scores windows unchanged. Null never reads windows.
        /// Default <c>"WindowStart"</c>.
        /// </summary>
        public string? WindowStartColumnName { get; init; } = "WindowStart";
        /// <summary>
        /// Column of window lengths (Double or Single, seconds), used like <see cref="WindowStartColumnName"/>; a row
        /// without it reads from its start to the file's end. Default <c>"WindowDuration"</c>.
        /// </summary>
        public string? WindowDurationColumnName { get; init; } = "WindowDuration";

        internal void Validate()
        {
            var errors = new List<string>();
            if (string.IsNullOrEmpty(OutputColumnName)) errors.Add("OutputColumnName is empty");
            if (string.IsNullOrEmpty(InputColumnName)) errors.Add("InputColumnName is empty");
            if (string.IsNullOrEmpty(SampleRateColumnName)) errors.Add("SampleRateColumnName is empty");
            if (SampleRate is < 1000 or > 768000) errors.Add($"SampleRate {SampleRate} Hz is outside 1000–768000");
            if (Channels == ChannelMode.KeepAll) errors.Add("Channels = KeepAll is not supported: a row holds one channel (MixToMono or SelectChannel)");
            if (Channel < 0) errors.Add($"Channel {Channel} is negative");
            if (OnUnreadable == UnreadableAudio.Flag && string.IsNullOrEmpty(ErrorColumnName)) errors.Add("ErrorColumnName is empty");
            if (errors.Count > 0) throw new ArgumentException("invalid LoadAudio options: " + string.Join("; ", errors));
        }
    }

    private readonly WavReadOptions _read;

    /// <summary>Creates the stage.</summary>
    /// <exception cref="ArgumentException">An option is invalid (every bad field is listed).</exception>
    public AudioLoadingTransform(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Settings = options;
        _read = new WavReadOptions { ChannelMode = options.Channels, Channel = options.Channel };
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public override string Name => "LoadAudio";

    internal override string Kind => "LoadAudio";

    private IReadOnlyList<ColumnSpec> Columns()
    {
        var columns = new List<ColumnSpec> { new(Settings.OutputColumnName, ColumnTypes.Samples), new(Settings.SampleRateColumnName, NumberDataViewType.Int32) };
        if (Settings.OnUnreadable == UnreadableAudio.Flag) columns.Add(new(Settings.ErrorColumnName, TextDataViewType.Instance));
        return columns;
    }

    private const string SecondsExpected = "a Double or Single column of seconds";

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        SchemaShapes.Require(input, Name, Settings.InputColumnName, "a text column of file paths",
            c => c.Kind == SchemaShape.Column.VectorKind.Scalar && c.ItemType is TextDataViewType);
        foreach (string? window in new[] { Settings.WindowStartColumnName, Settings.WindowDurationColumnName })
            if (window is not null && input.Any(c => c.Name == window))
                SchemaShapes.Require(input, Name, window, SecondsExpected, c => c.Kind == SchemaShape.Column.VectorKind.Scalar && IsSeconds(c.ItemType));
        return Columns();
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var path = Require(input, Settings.InputColumnName, "a text column of file paths", t => t is TextDataViewType);
        var start = WindowColumn(input, Settings.WindowStartColumnName);
        var duration = WindowColumn(input, Settings.WindowDurationColumnName);
        int[] dependencies = [path.Index, .. start is { } s ? new[] { s.Index } : [], .. duration is { } d ? new[] { d.Index } : []];
        return new BoundMapper(input, Columns(), dependencies, row => new Worker(this, row, path, start, duration));
    }

    private DataViewSchema.Column? WindowColumn(DataViewSchema input, string? name) =>
        name is not null && input.GetColumnOrNull(name) is not null ? Require(input, name, SecondsExpected, IsSeconds) : null;

    private static bool IsSeconds(DataViewType type) => type == NumberDataViewType.Double || type == NumberDataViewType.Single;

    /// <summary>Reads one file, or a window of it, as this stage does (resolving, reading, resampling).</summary>
    /// <param name="path">The file, absolute or relative to <see cref="Options.BaseFolder"/>.</param>
    /// <param name="startSeconds">Where the window starts, in seconds from the file's start. Default 0.</param>
    /// <param name="durationSeconds">The window's length in seconds; null reads to the end. Default null.</param>
    /// <exception cref="AudioFormatException">The file cannot be read, or the window lies outside it; the message names it and the reason.</exception>
    public AudioClip Read(string path, double startSeconds = 0, double? durationSeconds = null)
    {
        var (reader, frames) = OpenWindow(path, startSeconds, durationSeconds);
        return Decode(reader, frames);
    }

    /// <summary>Reads <paramref name="frames"/> frames (null: to the end) from an opened window, resampled as set; disposes the reader.</summary>
    private AudioClip Decode(AudioReader reader, long? frames)
    {
        using (reader)
        {
            var clip = reader.ReadClip(frames ?? long.MaxValue);
            return Settings.SampleRate is int rate && rate != clip.SampleRate ? clip.Resample(rate) : clip;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> at the window's first frame; returns the reader and the frames to read (null: to the
    /// end, whose length the file does not say).
    /// </summary>
    private (AudioReader Reader, long? Frames) OpenWindow(string path, double startSeconds, double? durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new AudioFormatException("<empty path>", "the path column is empty");
        string full = Settings.BaseFolder is null || Path.IsPathRooted(path) ? path : Path.Combine(Settings.BaseFolder, path);
        if (!double.IsFinite(startSeconds) || startSeconds < 0)
            throw new AudioFormatException(full, $"window start {startSeconds} s is not a finite number of seconds ≥ 0");
        if (durationSeconds is double d && (!double.IsFinite(d) || d <= 0))
            throw new AudioFormatException(full, $"window duration {d} s is not a finite number of seconds > 0");
        var reader = AudioReader.Open(full, _read);
        try
        {
            long first = (long)Math.Round(startSeconds * reader.SampleRate);
            reader.Seek(first);
            if (reader.Position < first || (reader.FrameCount is long total && first >= total))
                throw new AudioFormatException(full, $"the window starts at {startSeconds:0.###} s, at or after the end of the audio ({(double)reader.Position / reader.SampleRate:0.###} s)");
            long? wanted = durationSeconds is double length ? Math.Max(1, (long)Math.Round(length * reader.SampleRate)) : null;
            long? frames = reader.FrameCount is long n ? Math.Min(n - first, wanted ?? long.MaxValue) : wanted;
            if (frames is long f) reader.CheckClipSize(f * reader.Channels);
            return (reader, frames);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    internal override StageState SaveState() => new(JsonSerializer.SerializeToNode(Settings, StageJson.Options)!.AsObject());

    internal static AudioLoadingTransform Load(StageState state) =>
        new(state.Settings.Deserialize<Options>(StageJson.Options) ?? throw new ModelFormatException("LoadAudio settings are empty"));

    /// <summary>
    /// Opens the row's file at its window once per row (header, seek); the samples getter then decodes straight into the
    /// caller's buffer (no array per row, no copy). The rare second call for the same row opens the file again. Rows
    /// that are resampled, flagged on failure or of a length the file does not say are decoded whole when the row is
    /// computed.
    /// </summary>
    private sealed class Worker : RowWorker
    {
        private readonly AudioLoadingTransform _stage;
        private readonly ValueGetter<ReadOnlyMemory<char>> _path;
        private readonly Func<double>? _start, _duration;
        private ReadOnlyMemory<char> _pathValue;
        private string _file = "";
        private double _from;
        private double? _length;
        private AudioReader? _reader;                // positioned at the window, until the samples are read
        private long _frames;
        private ReadOnlyMemory<float>? _decoded;     // the samples, where they were decoded when the row was computed
        private int _rate;
        private string _error = "";

        public Worker(AudioLoadingTransform stage, DataViewRow input, DataViewSchema.Column path, DataViewSchema.Column? start, DataViewSchema.Column? duration) : base(input)
        {
            _stage = stage;
            _path = input.GetGetter<ReadOnlyMemory<char>>(path);
            _start = Seconds(input, start);
            _duration = Seconds(input, duration);
        }

        private static Func<double>? Seconds(DataViewRow input, DataViewSchema.Column? column)
        {
            if (column is not { } c) return null;
            if (c.Type == NumberDataViewType.Double)
            {
                var getter = input.GetGetter<double>(c);
                return () => { double v = 0; getter(ref v); return v; };
            }
            var single = input.GetGetter<float>(c);
            return () => { float v = 0; single(ref v); return v; };
        }

        protected override void Compute()
        {
            Close();
            _decoded = null;
            _path(ref _pathValue);
            _file = _pathValue.ToString();
            _from = _start?.Invoke() ?? 0;
            _length = _duration?.Invoke();
            try
            {
                var (reader, frames) = _stage.OpenWindow(_file, _from, _length);
                _rate = reader.SampleRate;
                _error = "";
                bool resample = _stage.Settings.SampleRate is int rate && rate != reader.SampleRate;
                if (frames is long n && !resample && _stage.Settings.OnUnreadable == UnreadableAudio.Throw)
                {
                    _reader = reader;
                    _frames = n;
                    return;
                }
                var clip = _stage.Decode(reader, frames);
                _decoded = clip.SamplesMemory;
                _rate = clip.SampleRate;
            }
            catch (AudioFormatException e) when (_stage.Settings.OnUnreadable == UnreadableAudio.Flag)
            {
                _decoded = ReadOnlyMemory<float>.Empty;
                _rate = 0;
                _error = e.Message;
            }
        }

        private void Samples(ref VBuffer<float> value)
        {
            EnsureComputed();
            if (_decoded is { } decoded)
            {
                var copy = VBufferEditor.Create(ref value, decoded.Length);
                decoded.Span.CopyTo(copy.Values);
                value = copy.Commit();
                return;
            }
            var reader = _reader ?? _stage.OpenWindow(_file, _from, _length).Reader;   // a second read of the same row
            _reader = null;
            using (reader)
            {
                var editor = VBufferEditor.Create(ref value, checked((int)(_frames * reader.Channels)));
                int read = reader.Fill(editor.Values);
                if (read == 0) throw new AudioFormatException(reader.Source, "the window holds no sample frames");
                value = read < editor.Values.Length ? editor.CommitTruncated(read) : editor.Commit();
            }
        }

        private void Close()
        {
            _reader?.Dispose();
            _reader = null;
        }

        public override void Dispose() => Close();

        public override Delegate Getter(int output) => output switch
        {
            0 => (ValueGetter<VBuffer<float>>)Samples,
            1 => Make(() => _rate),
            _ => Make(() => _error.AsMemory()),
        };
    }
}
