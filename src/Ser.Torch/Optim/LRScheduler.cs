namespace Ser.Torch.Optim;

/// <summary>
/// Changes an optimizer's learning rate once per epoch: call <see cref="Step"/> after each
/// epoch, as PyTorch's schedulers. <see cref="Epoch"/> counts the calls.
/// </summary>
public abstract class LRScheduler
{
    private protected LRScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        BaseLearningRate = optimizer.LearningRate;
    }

    /// <summary>The optimizer whose rate is set.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The rate the optimizer had when the scheduler was created.</summary>
    public double BaseLearningRate { get; }

    /// <summary>Completed epochs.</summary>
    public int Epoch { get; private set; }

    /// <summary>Ends an epoch and sets the rate for the next one.</summary>
    public void Step()
    {
        Epoch++;
        Optimizer.LearningRate = RateAt(Epoch);
    }

    /// <summary>The rate for epoch <paramref name="epoch"/> (0-based).</summary>
    public abstract double RateAt(int epoch);

    /// <summary>Sets the epoch counter (when resuming from a checkpoint) and the matching rate.</summary>
    public void Resume(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Epoch = epoch;
        Optimizer.LearningRate = RateAt(epoch);
    }
}

/// <summary>Multiplies the rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs (StepLR).</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }
    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double RateAt(int epoch) => BaseLearningRate * Math.Pow(Gamma, epoch / StepSize);
}

/// <summary>Cosine annealing from the base rate to <see cref="MinLearningRate"/> over <see cref="Epochs"/> epochs (CosineAnnealingLR, one half period).</summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public CosineAnnealingLR(Optimizer optimizer, int epochs, double minLearningRate = 0) : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        Epochs = epochs;
        MinLearningRate = minLearningRate;
    }

    /// <summary>Length of the half period, in epochs.</summary>
    public int Epochs { get; }
    /// <summary>The rate reached at the end.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    public override double RateAt(int epoch)
    {
        int e = Math.Min(epoch, Epochs);
        return MinLearningRate + (BaseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * e / Epochs)) / 2;
    }
}

/// <summary>
/// Divides the rate by 1/<see cref="Factor"/> when a monitored value (validation loss, or UA with
/// <c>maximize</c>) has not improved for <see cref="Patience"/> epochs (ReduceLROnPlateau).
/// Call <see cref="Report"/> instead of <see cref="LRScheduler.Step"/>.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private double _best;
    private int _bad;
    private int _cooldownLeft;

    /// <summary>Creates the schedule.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, bool maximize = false, double factor = 0.1, int patience = 10,
        double threshold = 1e-4, int cooldown = 0, double minLearningRate = 0)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (factor is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(factor), factor, "must be in (0, 1)");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        Maximize = maximize;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        _best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The optimizer whose rate is set.</summary>
    public Optimizer Optimizer { get; }
    /// <summary>True when larger values are better.</summary>
    public bool Maximize { get; }
    /// <summary>Multiplier applied on a plateau.</summary>
    public double Factor { get; }
    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; }
    /// <summary>Relative improvement that counts (1e-4 = 0.01 %).</summary>
    public double Threshold { get; }
    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }
    /// <summary>Lower bound of the rate.</summary>
    public double MinLearningRate { get; }
    /// <summary>Best value seen so far.</summary>
    public double Best => _best;

    /// <summary>Reports this epoch's value; returns true when the rate was reduced.</summary>
    public bool Report(double value)
    {
        if (double.IsNaN(value)) throw new ArgumentException("the monitored value is NaN", nameof(value));
        bool better = Maximize ? value > _best * (1 + Math.Sign(_best) * Threshold) || double.IsNegativeInfinity(_best)
                               : value < _best * (1 - Math.Sign(_best) * Threshold) || double.IsPositiveInfinity(_best);
        if (better)
        {
            _best = value;
            _bad = 0;
        }
        else
        {
            _bad++;
        }
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _bad = 0;
        }
        if (_bad <= Patience) return false;
        double lr = Optimizer.LearningRate;
        double next = Math.Max(lr * Factor, MinLearningRate);
        _bad = 0;
        _cooldownLeft = Cooldown;
        if (next >= lr) return false;
        Optimizer.LearningRate = next;
        return true;
    }
}
