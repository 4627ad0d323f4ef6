namespace Ser.Torch.NN;

/// <summary>
/// Batch normalisation over channel dimension 1, with learnable scale (weight) and shift (bias)
/// and running statistics (buffers running_mean, running_var, num_batches_tracked, as PyTorch).
/// </summary>
public abstract class BatchNorm : Module<Tensor, Tensor>
{
    private readonly int _expectedDims;

    private protected BatchNorm(int features, double eps, double momentum, int expectedDims)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Eps = eps;
        Momentum = momentum;
        _expectedDims = expectedDims;
        Weight = RegisterParameter("weight", Torch.Ones(new long[] { features }));
        Bias = RegisterParameter("bias", Torch.Zeros(new long[] { features }));
        RunningMean = RegisterBuffer("running_mean", Torch.Zeros(new long[] { features }));
        RunningVar = RegisterBuffer("running_var", Torch.Ones(new long[] { features }));
        BatchesTracked = RegisterBuffer("num_batches_tracked", Torch.Zeros(Array.Empty<long>(), DType.Int64));
    }

    /// <summary>Scale γ, (C).</summary>
    public Tensor Weight { get; }
    /// <summary>Shift β, (C).</summary>
    public Tensor Bias { get; }
    /// <summary>Running mean, (C).</summary>
    public Tensor RunningMean { get; }
    /// <summary>Running (unbiased) variance, (C).</summary>
    public Tensor RunningVar { get; }
    /// <summary>Number of training batches seen (Int64 scalar).</summary>
    public Tensor BatchesTracked { get; }
    /// <summary>Added to the variance (default 1e-5).</summary>
    public double Eps { get; }
    /// <summary>Weight of the new batch in the running statistics (default 0.1).</summary>
    public double Momentum { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        int dims = input.Dimensions;
        if (dims != _expectedDims && !(_expectedDims == 3 && dims == 2))
        {
            throw new ArgumentException($"{GetType().Name} expects a {_expectedDims}-D input, got [{string.Join(", ", input.Shape)}]", nameof(input));
        }
        if (IsTraining)
        {
            using var _ = Torch.NoGrad();
            BatchesTracked.AddInPlace(1L);
        }
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, IsTraining, Momentum, Eps);
    }
}

/// <summary>Batch normalisation of (N, C) or (N, C, L) input.</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer for <paramref name="features"/> channels.</summary>
    public BatchNorm1d(int features, double eps = 1e-5, double momentum = 0.1) : base(features, eps, momentum, 3) { }
}

/// <summary>Batch normalisation of (N, C, H, W) input.</summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates the layer for <paramref name="features"/> channels.</summary>
    public BatchNorm2d(int features, double eps = 1e-5, double momentum = 0.1) : base(features, eps, momentum, 4) { }
}
