namespace Ser.Core.Training;

/// <summary>
/// The learning rate of an epoch under <see cref="ScheduleKind"/>, computed from the options and the history
/// alone, so a resumed run gets the same rate as an uninterrupted one: step ×0.1 every third of the epochs;
/// cosine annealing to 0 over the epochs; on a plateau ×0.5 once validation UA has not improved for 2 epochs
/// (PyTorch's ReduceLROnPlateau with mode max, factor 0.5, patience 1, threshold 0), replayed from the history.
/// </summary>
internal static class LearningRateSchedule
{
    /// <summary>The rate of <paramref name="epoch"/> (1-based), given the epochs finished before it.</summary>
    public static double RateAt(FusionTrainerOptions options, int epoch, IReadOnlyList<EpochRecord> history)
    {
        double lr = options.LearningRate;
        int e = epoch - 1;
        switch (options.Schedule)
        {
            case ScheduleKind.Step:
                return lr * Math.Pow(0.1, e / Math.Max(1, options.Epochs / 3));
            case ScheduleKind.Cosine:
                return lr * (1 + Math.Cos(Math.PI * Math.Min(e, options.Epochs) / options.Epochs)) / 2;
            case ScheduleKind.ReduceOnPlateau:
                double best = double.NegativeInfinity;
                int bad = 0;
                foreach (EpochRecord h in history)
                {
                    if (h.ValidationUA is not double u) continue;
                    if (u > best)
                    {
                        best = u;
                        bad = 0;
                    }
                    else if (++bad > 1)
                    {
                        lr *= 0.5;
                        bad = 0;
                    }
                }
                return lr;
            default:
                return lr;
        }
    }
}
