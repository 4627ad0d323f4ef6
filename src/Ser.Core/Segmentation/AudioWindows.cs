namespace Ser.Core.Segmentation;

/// <summary>One window of a recording, in sample frames.</summary>
/// <param name="Start">First frame.</param>
/// <param name="Length">Frames in the window.</param>
public readonly record struct AudioWindow(long Start, long Length);

/// <summary>
/// Cuts a recording into fixed-length windows for scoring it piece by piece: windows start every hop from the first
/// frame; when the last of them stops short of the end, one more window ends exactly at the end (overlapping its
/// predecessor), so every window has the full length and every frame is covered. A recording shorter than one window
/// is one window.
/// </summary>
public static class AudioWindows
{
    /// <summary>The windows of a recording of <paramref name="frames"/> frames.</summary>
    /// <param name="frames">Frames in the recording (&gt; 0).</param>
    /// <param name="windowFrames">Frames per window (&gt; 0).</param>
    /// <param name="hopFrames">Frames between window starts (&gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    public static IReadOnlyList<AudioWindow> Plan(long frames, long windowFrames, long hopFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowFrames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hopFrames);
        if (frames <= windowFrames) return [new AudioWindow(0, frames)];
        var windows = new List<AudioWindow>();
        long start = 0;
        for (; start + windowFrames <= frames; start += hopFrames) windows.Add(new AudioWindow(start, windowFrames));
        if (windows[^1].Start + windowFrames < frames) windows.Add(new AudioWindow(frames - windowFrames, windowFrames));
        return windows;
    }
}
