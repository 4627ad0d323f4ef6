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
/// Files are read when a cursor asks for the samples, one row at a time. Each row's samples are a fresh array from the
/// decoder, handed to the reader without a copy (the stage never writes to it again).
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

    internal override IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input)
    {
        SchemaShapes.Require(input, Name, Settings.InputColumnName, "a text column of file paths",
            c => c.Kind == SchemaShape.Column.VectorKind.Scalar && c.ItemType is TextDataViewType);
        return Columns();
    }

    private protected override BoundMapper Bind(DataViewSchema input)
    {
        var path = Require(input, Settings.InputColumnName, "a text column of file paths", t => t is TextDataViewType);
        return new BoundMapper(input, Columns(), [path.Index], row => new Worker(this, row, path));
    }

    /// <summary>Reads one file as this stage does (resolving, reading, resampling).</summary>
    /// <exception cref="AudioFormatException">The file cannot be read; the message names it and the reason.</exception>
    public AudioClip Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Settings.BaseFolder is null || Path.IsPathRooted(path) ? path : Path.Combine(Settings.BaseFolder, path);
        if (path.Length == 0) throw new AudioFormatException("<empty path>", "the path column is empty");
        var clip = AudioClip.Load(full, _read);
        return Settings.SampleRate is int rate && rate != clip.SampleRate ? clip.Resample(rate) : clip;
    }

    internal override StageState SaveState() => new(JsonSerializer.SerializeToNode(Settings, StageJson.Options)!.AsObject());

    internal static AudioLoadingTransform Load(StageState state) =>
        new(state.Settings.Deserialize<Options>(StageJson.Options) ?? throw new ModelFormatException("LoadAudio settings are empty"));

    private sealed class Worker : RowWorker
    {
        private readonly AudioLoadingTransform _stage;
        private readonly ValueGetter<ReadOnlyMemory<char>> _path;
        private ReadOnlyMemory<char> _pathValue;
        private float[] _samples = [];
        private int _rate;
        private string _error = "";

        public Worker(AudioLoadingTransform stage, DataViewRow input, DataViewSchema.Column path) : base(input)
        {
            _stage = stage;
            _path = input.GetGetter<ReadOnlyMemory<char>>(path);
        }

        protected override void Compute()
        {
            _path(ref _pathValue);
            try
            {
                var clip = _stage.Read(_pathValue.ToString());
                _samples = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(clip.SamplesMemory, out var segment)
                    && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : clip.Samples.ToArray();
                _rate = clip.SampleRate;
                _error = "";
            }
            catch (AudioFormatException e) when (_stage.Settings.OnUnreadable == UnreadableAudio.Flag)
            {
                _samples = [];
                _rate = 0;
                _error = e.Message;
            }
        }

        public override Delegate Getter(int output) => output switch
        {
            0 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => { EnsureComputed(); v = new VBuffer<float>(_samples.Length, _samples); }),
            1 => Make(() => _rate),
            _ => Make(() => _error.AsMemory()),
        };
    }
}
