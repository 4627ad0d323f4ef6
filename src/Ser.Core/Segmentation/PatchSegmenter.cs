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
        var src = spectrogram.Data;
        for (int p = 0; p < count; p++)
        {
            int start = p * hop;
            int valid = Math.Min(f, t - start);
            var data = new float[f * bins];
            src.Slice(start * bins, valid * bins).CopyTo(data);
            if (valid < f && Options.LastPatch == PartialPatchPolicy.RepeatPad)
                for (int r = valid; r < f; r++) Array.Copy(data, (r % valid) * bins, data, r * bins, bins);
            patches[p] = new Patch(clipId, p, start, spectrogram.FrameTime(start), valid, data, f, bins);
        }
        return patches;
    }
}
