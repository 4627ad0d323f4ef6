using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Exporters.Json;
using Microsoft.ML;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.MLNet;
using Ser.Core.Segmentation;

namespace Ser.Benchmarks;

/// <summary>
/// Feature extraction through ML.NET against the engines called directly (issue 14, item 6): 32 generated 4 s WAV files
/// (in the OS cache) are read, turned into VGGish log-mel and cut into 96 × 64 patches, on one thread.
/// <see cref="DataView32"/> reads the <c>Patches</c> column of <c>LoadAudio → LogMel → SegmentPatches</c> through an
/// IDataView cursor; <see cref="Engines32"/> calls the reader, <see cref="LogMel"/> and <see cref="PatchSegmenter"/>
/// itself. Their ratio is the cost of the IDataView path. Both read each file into a fresh 256 KB array (the large-object
/// heap), so gen-2 collections land at random in either; three launches of 20 iterations average that out.
/// </summary>
[MemoryDiagnoser]
[JsonExporterAttribute.Full]
[SimpleJob(launchCount: 3, warmupCount: 3, iterationCount: 20)]
public class FrontEndOverheadBenchmarks
{
    private string[] _clips = [];
    private IDataView _features = null!;
    private LogMel _logMel = null!;
    private PatchSegmenter _segmenter = null!;
    private float[] _patches = [];

    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 1);
        _clips = BenchmarkModels.Clips4s();
        var files = ml.Data.LoadFromEnumerable(_clips.Select(c => new AudioFileInput { Path = c }));
        _features = ml.Transforms.LoadAudio().Append(ml.Transforms.LogMel()).Append(ml.Transforms.SegmentPatches()).Fit(files).Transform(files);
        _logMel = new LogMel(LogMelOptions.VGGish);
        _segmenter = new PatchSegmenter();
    }

    /// <summary>The patches of 32 clips through an IDataView cursor (one buffer reused, as ML.NET consumers do).</summary>
    [Benchmark]
    public float DataView32() => Cursors.SumOfFirstValues(_features, "Patches");

    /// <summary>The patches of 32 clips through the engines (one buffer reused).</summary>
    [Benchmark(Baseline = true)]
    public float Engines32()
    {
        float sum = 0;
        foreach (string clip in _clips)
        {
            var logMel = _logMel.Compute(AudioClip.Load(clip));
            int size = new PatchOptions().PatchCount(logMel.Frames) * 96 * 64;
            if (_patches.Length < size) _patches = new float[size];
            _segmenter.SegmentInto(logMel.Data, logMel.Frames, logMel.Bins, _patches);
            sum += _patches[0];
        }
        return sum;
    }
}
