using Ser.Core.Evaluation;

namespace Ser.Cli;

/// <summary>One configuration's folds: metrics, Fit seconds, training patches and epochs run.</summary>
internal sealed class FoldTally
{
    public List<ClassificationMetrics> Metrics { get; } = [];
    public List<double> Seconds { get; } = [];
    public List<int> Epochs { get; } = [];
    public long Patches { get; private set; }

    public void Add(ClassificationMetrics metrics, double seconds, int patches, int epochs)
    {
        Metrics.Add(metrics);
        Seconds.Add(seconds);
        Patches += patches;
        Epochs.Add(epochs);
    }
}
