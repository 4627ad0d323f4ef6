using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Exporters.Json;
using Microsoft.ML;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.MLNet;

namespace Ser.Benchmarks;

/// <summary>
/// Log-mel of 60 s of speech on one thread, the workload of ../shared/reference/bench_pytorch.py's
/// "logmel" section: the three espeak utterances of make_audio.sh concatenated and repeated to 60 s
/// (SER_BENCH_AUDIO names their folder; without it a synthetic voiced signal of the same length is used).
/// <see cref="LogMelStage15x4s"/> is the ML.NET stage users run: the same 60 s as 15 rows of 4 s in an IDataView, read
/// through a cursor of <c>mlContext.Transforms.LogMel</c> (its buffers are reused from row to row, as in a real corpus).
/// </summary>
[MemoryDiagnoser]
[JsonExporterAttribute.Full]
[SimpleJob(warmupCount: 5, iterationCount: 15)]
public class LogMelBenchmarks
{
    private float[] _signal = [];
    private LogMel _transform = null!;
    private float[] _output = [];
    private IDataView _stage = null!;

    /// <summary>Preset (Paper: 48 kHz / FFT 1200; VGGish: 16 kHz / FFT 512).</summary>
    [Params("Paper", "VGGish")]
    public string Preset { get; set; } = "Paper";

    /// <summary>Arithmetic precision.</summary>
    [Params(ComputePrecision.Double, ComputePrecision.Single)]
    public ComputePrecision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var p = Preset == "Paper" ? LogMelOptions.Paper : LogMelOptions.VGGish;
        var o = p with { Precision = Precision };
        _transform = new LogMel(o);
        _signal = Speech60s(o.SampleRate);
        _output = new float[_transform.FrameCount(_signal.Length) * o.MelBands];
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 15).Select(i => new AudioSamplesInput { Audio = _signal[(i * 4 * o.SampleRate)..((i + 1) * 4 * o.SampleRate)], SampleRate = o.SampleRate });
        var data = ml.Data.LoadFromEnumerable(rows.ToList());
        _stage = ml.Transforms.LogMel(new LogMelTransform.Options { Features = o }).Fit(data).Transform(data);
    }

    /// <summary>Allocating call: returns a new spectrogram (allocation ≈ output size).</summary>
    [Benchmark]
    public Spectrogram LogMel() => _transform.Compute(_signal);

    /// <summary>Into a caller-provided buffer.</summary>
    [Benchmark]
    public void LogMelIntoBuffer() => _transform.Compute(_signal, _output);

    /// <summary>The ML.NET stage: 15 rows of 4 s (60 s) read through an IDataView cursor, one buffer reused.</summary>
    [Benchmark]
    public float LogMelStage15x4s() => Cursors.SumOfFirstValues(_stage, "LogMel");

    internal static float[] Speech60s(int rate)
    {
        int n = 60 * rate;
        var dir = Environment.GetEnvironmentVariable("SER_BENCH_AUDIO");
        var parts = new List<float>();
        if (!string.IsNullOrEmpty(dir))
            foreach (var name in new[] { "speech_1", "speech_2", "speech_3" })
                parts.AddRange(AudioClip.Load(Path.Combine(dir, $"{name}_{rate}.wav")).Samples.ToArray());
        else
            for (int i = 0; i < 3 * rate; i++) parts.Add((float)(0.3 * Math.Sin(2 * Math.PI * 150 * i / rate) * Math.Sin(Math.PI * i / (3.0 * rate))));
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = parts[i % parts.Count];
        return x;
    }
}
