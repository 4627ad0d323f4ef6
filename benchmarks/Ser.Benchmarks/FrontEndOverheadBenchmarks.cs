using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Exporters.Json;
using Microsoft.ML;
using Ser.Core.MLNet;

namespace Ser.Benchmarks;

/// <summary>
/// Feature extraction through ML.NET against the engines called directly (issue 14, item 6): 32 generated 4 s WAV files
/// (in the OS cache) are read, turned into VGGish log-mel and cut into 96 × 64 patches, on one thread.
/// <see cref="DataView32"/> reads the <c>Patches</c> column of <c>LoadAudio → LogMel → SegmentPatches</c> through an
/// IDataView cursor (one buffer reused, as ML.NET consumers do); <see cref="Engines32"/> calls the reader, the log-mel
/// and the segmenter itself into reused buffers (<see cref="EngineFrontEnd"/>). Their ratio is the cost of the IDataView
/// path. Neither allocates an array per clip (the stages decode and compute into the cursor's buffers), so the
/// collections that made earlier runs of this benchmark noisy (a fresh 256 KB array per file on both sides) are gone.
/// </summary>
[MemoryDiagnoser]
[JsonExporterAttribute.Full]
[SimpleJob(launchCount: 3, warmupCount: 3, iterationCount: 20)]
public class FrontEndOverheadBenchmarks
{
    private string[] _clips = [];
    private IDataView _features = null!;
    private EngineFrontEnd _engines = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 1);
        _clips = BenchmarkModels.Clips4s();
        var files = ml.Data.LoadFromEnumerable(_clips.Select(c => new AudioFileInput { Path = c }));
        _features = ml.Transforms.LoadAudio().Append(ml.Transforms.LogMel()).Append(ml.Transforms.SegmentPatches()).Fit(files).Transform(files);
        _engines = new EngineFrontEnd();
    }

    /// <summary>The patches of 32 clips through an IDataView cursor (one buffer reused, as ML.NET consumers do).</summary>
    [Benchmark]
    public float DataView32() => Cursors.SumOfFirstValues(_features, "Patches");

    /// <summary>The patches of 32 clips through the engines (buffers reused).</summary>
    [Benchmark(Baseline = true)]
    public float Engines32()
    {
        float sum = 0;
        foreach (string clip in _clips) sum += _engines.Patches(clip).Patches.Span[0];
        return sum;
    }
}
