using Ser.Core.Features;

namespace Ser.Core.Segmentation;

/// <summary>Cuts a spectrogram into overlapping fixed-size patches (default 96 frames × all bins, hop 48).</summary>
public sealed class PatchSegmenter
{
    /// <summary>Creates the segmenter; options are validated once.</summary>
    /// <param name="options">Patch size, hop and last-patch policy.</param>
    public PatchSegmenter(PatchOptions? options = null)
    {
        Options = options ?? new PatchOptions();
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public PatchOptions Options { get; }

    /// <summary>Segments <paramref name="spectrogram"/>.</summary>
    /// <param name="spectrogram">Frames × bins input (e.g. a log-mel spectrogram).</param>
    /// <param name="clipId">Identifier stored in each patch.</param>
    /// <exception cref="ArgumentException">The spectrogram has no frames.</exception>
    public IReadOnlyList<Patch> Segment(Spectrogram spectrogram, string clipId)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        ArgumentNullException.ThrowIfNull(clipId);
        int t = spectrogram.Frames, bins = spectrogram.Bins, f = Options.Frames, hop = Options.Hop;
        if (t == 0) throw new ArgumentException($"Clip '{clipId}' has an empty spectrogram: nothing to segment.", nameof(spectrogram));
        int count = Options.PatchCount(t);
        var patches = new Patch[count];
        for (int p = 0; p < count; p++)
        {
            var data = new float[f * bins];
            int valid = CopyPatch(spectrogram.Data, t, bins, p, data);
            patches[p] = new Patch(clipId, p, p * hop, spectrogram.FrameTime(p * hop), valid, data, f, bins);
        }
        return patches;
    }

    /// <summary>
    /// Writes every patch of a frames × bins matrix back to back into <paramref name="destination"/>
    /// (<see cref="PatchOptions.PatchCount"/> × <see cref="PatchOptions.Frames"/> × <paramref name="bins"/> floats).
    /// </summary>
    /// <param name="frames">Row-major frames × bins values.</param>
    /// <param name="frameCount">Frames in <paramref name="frames"/>.</param>
    /// <param name="bins">Values per frame.</param>
    /// <param name="destination">Receives the patches.</param>
    /// <returns>The number of patches.</returns>
    public int SegmentInto(ReadOnlySpan<float> frames, int frameCount, int bins, Span<float> destination)
    {
        int count = Options.PatchCount(frameCount), size = Options.Frames * bins;
        if (destination.Length < (long)count * size) throw new ArgumentException($"destination needs {(long)count * size} floats, got {destination.Length}", nameof(destination));
        for (int p = 0; p < count; p++) CopyPatch(frames, frameCount, bins, p, destination.Slice(p * size, size));
        return count;
    }

    /// <summary>Copies patch <paramref name="p"/> into <paramref name="data"/> (padded by the policy); returns its valid frames.</summary>
    private int CopyPatch(ReadOnlySpan<float> src, int t, int bins, int p, Span<float> data)
    {
        int f = Options.Frames, start = p * Options.Hop;
        int valid = Math.Min(f, t - start);
        src.Slice(start * bins, valid * bins).CopyTo(data);
        if (valid < f)
        {
            if (Options.LastPatch == PartialPatchPolicy.RepeatPad)
                for (int r = valid; r < f; r++) data.Slice((r % valid) * bins, bins).CopyTo(data.Slice(r * bins, bins));
            else data[(valid * bins)..(f * bins)].Clear();
        }
        return valid;
    }
}
