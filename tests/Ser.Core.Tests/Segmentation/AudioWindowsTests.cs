using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Segmentation;
using Xunit;

namespace Ser.Core.Tests.Segmentation;

public class AudioWindowsTests
{
    [Fact]
    public void WindowsHaveTheFullLengthCoverEveryFrameAndTheLastEndsAtTheEnd()
    {
        Prop.ForAll(Gen.Choose(1, 100_000).ToArbitrary(), Gen.Choose(1, 5_000).ToArbitrary(), Gen.Choose(1, 6_000).ToArbitrary(), (int frames, int window, int hop) =>
        {
            var windows = AudioWindows.Plan(frames, window, hop);
            long length = Math.Min(window, frames);
            bool ok = windows[0].Start == 0 && windows[^1].Start + windows[^1].Length == frames;
            bool covered = true;
            long coveredTo = 0;
            for (int i = 0; i < windows.Count && ok; i++)
            {
                var w = windows[i];
                ok = w.Length == length && w.Start >= 0 && w.Start + w.Length <= frames && (i == 0 || w.Start > windows[i - 1].Start);
                covered &= w.Start <= coveredTo;
                coveredTo = Math.Max(coveredTo, w.Start + w.Length);
            }
            // Every start but the added last one is a multiple of the hop; only a hop longer than the window leaves frames out.
            for (int i = 0; i < windows.Count - 1 && ok; i++) ok = windows[i].Start == (long)i * hop;
            return ok && (covered || hop > window);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AHopLongerThanTheWindowLeavesGapsAndNothingElseDoes()
    {
        Assert.Equal([new AudioWindow(0, 10), new AudioWindow(15, 10), new AudioWindow(30, 10)], AudioWindows.Plan(40, 10, 15));
        Assert.Equal([new AudioWindow(0, 10), new AudioWindow(10, 10), new AudioWindow(15, 10)], AudioWindows.Plan(25, 10, 10));
        Assert.Equal([new AudioWindow(0, 7)], AudioWindows.Plan(7, 10, 5));
    }
}
