using FsCheck;
using FsCheck.Fluent;
using Ser.Core.Training;
using Xunit;

namespace Ser.Core.Tests.Training;

public class EpochOrderTests
{
    private static bool IsPermutation(int[] order, int count) => order.Length == count && order.Order().SequenceEqual(Enumerable.Range(0, count));

    [Fact]
    public void EveryEpochVisitsEveryPatchOnceWithOrWithoutAWindow()
    {
        Prop.ForAll(Gen.Choose(0, 5000).ToArbitrary(), Gen.Choose(0, 3000).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (int count, int window, int epoch) =>
            IsPermutation(EpochOrder.For(count, window == 0 ? null : window, seed: 3, epoch), count)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AWindowDrawsEachStretchOfStepsFromAFewStoredBlocks()
    {
        Prop.ForAll(Gen.Choose(1, 20_000).ToArbitrary(), Gen.Choose(1, 4096).ToArbitrary(), (int count, int window) =>
        {
            var order = EpochOrder.For(count, window, seed: 1, epoch: 2);
            int perGroup = Math.Max(1, window / EpochOrder.BlockPatches), stretch = perGroup * EpochOrder.BlockPatches;
            for (int from = 0; from < count; from += Math.Max(1, stretch / 3))
            {
                int blocks = order.Skip(from).Take(stretch).Select(i => i / EpochOrder.BlockPatches).Distinct().Count();
                if (blocks > 3 * perGroup) return false;                  // at most three adjacent groups (one may hold the short block)
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void EpochsAndSeedsGiveDifferentOrdersAndTheSameOnesAgain()
    {
        foreach (int? window in new int?[] { null, 512 })
        {
            var a = EpochOrder.For(3000, window, seed: 1, epoch: 1);
            Assert.Equal(a, EpochOrder.For(3000, window, seed: 1, epoch: 1));
            Assert.NotEqual(a, EpochOrder.For(3000, window, seed: 1, epoch: 2));
            Assert.NotEqual(a, EpochOrder.For(3000, window, seed: 2, epoch: 1));
            Assert.NotEqual(Enumerable.Range(0, 3000), a);
        }
    }
}
