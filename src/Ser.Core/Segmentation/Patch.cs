namespace Ser.Core.Segmentation;

/// <summary>
/// One fixed-size piece of a clip's spectrogram, frames × bins row-major, with its provenance.
/// </summary>
public sealed class Patch
{
    internal Patch(string clipId, int index, int startFrame, double startTime, int validFrames, float[] data, int frames, int bins)
    {
        ClipId = clipId;
        Index = index;
        StartFrame = startFrame;
        StartTime = startTime;
        ValidFrames = validFrames;
        Data = data;
        Frames = frames;
        Bins = bins;
    }

    /// <summary>The clip the patch came from.</summary>
    public string ClipId { get; }

    /// <summary>Position of the patch within its clip (0-based).</summary>
    public int Index { get; }

    /// <summary>First spectrogram frame covered.</summary>
    public int StartFrame { get; }

    /// <summary>Start time in seconds from the beginning of the clip.</summary>
    public double StartTime { get; }

    /// <summary>Frames taken from the clip; the rest (up to <see cref="Frames"/>) are padding.</summary>
    public int ValidFrames { get; }

    /// <summary>Frames per patch (rows).</summary>
    public int Frames { get; }

    /// <summary>Bins per frame (columns), e.g. 64 mel bands.</summary>
    public int Bins { get; }

    /// <summary>Values, frames × bins row-major.</summary>
    public float[] Data { get; }
}
