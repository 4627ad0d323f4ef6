namespace Ser.Torch.NN;

/// <summary>
/// 2-D convolution over (N, C, H, W); weight (out, in/groups, kH, kW), PyTorch's default
/// initialisation. Padding is fixed per side (<see cref="Padding2d"/>), or TensorFlow's "SAME"
/// computed from each input's size (<see cref="TensorFlowSame"/>).
/// </summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; sizes in elements.</summary>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W)? stride = null, Padding2d padding = default,
        (int H, int W)? dilation = null, int groups = 1, bool bias = true, bool tensorFlowSame = false)
    {
        ConvChecks.Validate(inChannels, outChannels, groups);
        KernelSize = kernelSize;
        Stride = stride ?? (1, 1);
        Padding = padding;
        Dilation = dilation ?? (1, 1);
        Groups = groups;
        TensorFlowSame = tensorFlowSame;
        Weight = RegisterParameter("weight", Torch.Empty(new long[] { outChannels, inChannels / groups, kernelSize.H, kernelSize.W }));
        if (bias) Bias = RegisterParameter("bias", Torch.Empty(new long[] { outChannels }));
        Init.PyTorchDefault(Weight, Bias);
    }

    /// <summary>Square kernel with symmetric padding.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int groups = 1, bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), Padding2d.Symmetric(padding), null, groups, bias)
    {
    }

    /// <summary>Weight, (out, in/groups, kH, kW).</summary>
    public Tensor Weight { get; }
    /// <summary>Bias, (out), or null.</summary>
    public Tensor? Bias { get; }
    /// <summary>Kernel size (H, W).</summary>
    public (int H, int W) KernelSize { get; }
    /// <summary>Stride (H, W).</summary>
    public (int H, int W) Stride { get; }
    /// <summary>Zero padding per side (ignored when <see cref="TensorFlowSame"/>).</summary>
    public Padding2d Padding { get; }
    /// <summary>Dilation (H, W).</summary>
    public (int H, int W) Dilation { get; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; }
    /// <summary>Pads as TensorFlow's "SAME": output = ceil(input / stride), odd totals padded after.</summary>
    public bool TensorFlowSame { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Padding2d padding = Padding;
        if (TensorFlowSame)
        {
            long[] shape = input.Shape;
            if (shape.Length != 4) throw new ArgumentException($"Conv2d expects (N, C, H, W) input, got [{string.Join(", ", shape)}]", nameof(input));
            int kh = (KernelSize.H - 1) * Dilation.H + 1, kw = (KernelSize.W - 1) * Dilation.W + 1;
            padding = Padding2d.Same((int)shape[2], (int)shape[3], kh, kw, Stride.H, Stride.W);
        }
        return Functional.Conv2d(input, Weight, Bias, Stride, padding, Dilation, Groups);
    }
}
