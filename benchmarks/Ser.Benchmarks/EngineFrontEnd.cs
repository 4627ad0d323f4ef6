using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.Segmentation;
using Ser.Core.Torch;

namespace Ser.Benchmarks;

/// <summary>
/// The front-end through the engines called directly, as a careful engine user writes it: <see cref="AudioReader"/>
/// fills a reused sample buffer, <see cref="LogMel"/> computes into a reused buffer and <see cref="PatchSegmenter"/>
/// cuts 96 × 64 patches into a reused buffer: no array per clip, the same work as the ML.NET stages. The baseline of
/// the IDataView-overhead benchmarks.
/// </summary>
internal sealed class EngineFrontEnd
{
    private readonly LogMel _logMel = new(LogMelOptions.VGGish);
    private readonly PatchSegmenter _segmenter = new();
    private readonly PatchOptions _patchOptions = new();
    private float[] _samples = [], _logMelValues = [], _patches = [];

    /// <summary>Reads <paramref name="path"/> and returns its patches (valid until the next call) and their count.</summary>
    public (ReadOnlyMemory<float> Patches, int Count) Patches(string path)
    {
        int length;
        using (var reader = AudioReader.Open(path))
        {
            int samples = checked((int)reader.FrameCount!.Value);
            if (_samples.Length < samples) _samples = new float[samples];
            length = reader.Fill(_samples.AsSpan(0, samples));
        }
        var signal = _samples.AsSpan(0, length);
        int frames = _logMel.FrameCount(length), bands = _logMel.FilterBank.Bands;
        if (_logMelValues.Length < frames * bands) _logMelValues = new float[frames * bands];
        _logMel.Compute(signal, _logMelValues.AsSpan(0, frames * bands));
        int count = _patchOptions.PatchCount(frames);
        if (_patches.Length < count * PatchTensors.Size) _patches = new float[count * PatchTensors.Size];
        _segmenter.SegmentInto(_logMelValues.AsSpan(0, frames * bands), frames, bands, _patches);
        return (_patches.AsMemory(0, count * PatchTensors.Size), count);
    }
}
