namespace Ser.Torch.NN;

/// <summary>1-D convolution over (N, C, L); weight (out, in/groups, kernel), PyTorch's default initialisation.</summary>
public sealed class Conv1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; sizes in elements.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
    {
        ConvChecks.Validate(inChannels, outChannels, groups);
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        Weight = RegisterParameter("weight", Torch.Empty(new long[] { outChannels, inChannels / groups, kernelSize }));
        if (bias) Bias = RegisterParameter("bias", Torch.Empty(new long[] { outChannels }));
        Init.PyTorchDefault(Weight, Bias);
    }

    /// <summary>Weight, (out, in/groups, kernel).</summary>
    public Tensor Weight { get; }
    /// <summary>Bias, (out), or null.</summary>
    public Tensor? Bias { get; }
    /// <summary>Stride in elements.</summary>
    public int Stride { get; }
    /// <summary>Zero padding on both ends, in elements.</summary>
    public int Padding { get; }
    /// <summary>Dilation.</summary>
    public int Dilation { get; }
    /// <summary>Channel groups (in channels for depthwise).</summary>
    public int Groups { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv1d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
}

internal static class ConvChecks
{
    internal static void Validate(int inChannels, int outChannels, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"channels ({inChannels} in, {outChannels} out) must be divisible by groups ({groups})");
        }
    }
}
