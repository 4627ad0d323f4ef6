namespace Ser.Torch.NN;

/// <summary>Fully connected layer y = x·Wᵀ + b; weight (out, in), PyTorch's default initialisation.</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        Weight = RegisterParameter("weight", Torch.Empty(new[] { outFeatures, inFeatures }));
        if (bias) Bias = RegisterParameter("bias", Torch.Empty(new[] { outFeatures }));
        Init.PyTorchDefault(Weight, Bias);
    }

    /// <summary>Weight, (out, in).</summary>
    public Tensor Weight { get; }

    /// <summary>Bias, (out), or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
