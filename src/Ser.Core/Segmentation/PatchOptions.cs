namespace Ser.Core.Segmentation;

/// <summary>Settings of <see cref="PatchSegmenter"/>. Lengths are in frames of the input spectrogram.</summary>
public sealed class PatchOptions
{
    /// <summary>Frames per patch. Default: 96 (0.96 s at a 10 ms hop, VGGish and YAMNet's input).</summary>
    public int Frames { get; init; } = 96;

    /// <summary>Frames between patch starts. Default: 48 (50 % overlap).</summary>
    public int Hop { get; init; } = 48;

    /// <summary>Handling of the last partial patch. Default: <see cref="PartialPatchPolicy.ZeroPad"/>.</summary>
    public PartialPatchPolicy LastPatch { get; init; } = PartialPatchPolicy.ZeroPad;

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var e = new List<string>();
        if (Frames < 1) e.Add($"Frames must be at least 1, got {Frames}");
        if (Hop < 1) e.Add($"Hop must be at least 1 frame, got {Hop}");
        if (e.Count > 0) throw new ArgumentException("Invalid PatchOptions: " + string.Join("; ", e));
    }

    /// <summary>Number of patches for a spectrogram of <paramref name="frames"/> frames.</summary>
    /// <param name="frames">Input frames.</param>
    public int PatchCount(int frames)
    {
        if (frames <= 0) return 0;
        if (frames < Frames) return 1;
        int whole = 1 + (frames - Frames) / Hop;
        // frames after the last whole patch that no patch covers, and a next patch start inside the clip
        bool leftover = (long)(whole - 1) * Hop + Frames < frames && (long)whole * Hop < frames;
        return whole + (leftover && LastPatch != PartialPatchPolicy.Drop ? 1 : 0);
    }
}
