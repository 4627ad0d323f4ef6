namespace Ser.Torch.NN;

/// <summary>2-D max pooling; stride defaults to the kernel size.</summary>
public sealed class MaxPool2d(int kernelSize, int? stride = null) : Module<Tensor, Tensor>
{
    /// <summary>Kernel size (square).</summary>
    public int KernelSize { get; } = kernelSize;
    /// <summary>Stride.</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, (KernelSize, KernelSize), (Stride, Stride));
}

/// <summary>2-D average pooling; stride defaults to the kernel size.</summary>
public sealed class AvgPool2d(int kernelSize, int? stride = null) : Module<Tensor, Tensor>
{
    /// <summary>Kernel size (square).</summary>
    public int KernelSize { get; } = kernelSize;
    /// <summary>Stride.</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AvgPool2d(input, (KernelSize, KernelSize), (Stride, Stride));
}

/// <summary>Average pooling to a fixed (H, W) output; (1, 1) is global average pooling.</summary>
public sealed class AdaptiveAvgPool2d(int height, int width) : Module<Tensor, Tensor>
{
    /// <summary>Output size.</summary>
    public (int H, int W) OutputSize { get; } = (height, width);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);
}

/// <summary>1-D max pooling; stride defaults to the kernel size.</summary>
public sealed class MaxPool1d(int kernelSize, int? stride = null) : Module<Tensor, Tensor>
{
    /// <summary>Kernel size.</summary>
    public int KernelSize { get; } = kernelSize;
    /// <summary>Stride.</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.MaxPool1d(input, KernelSize, Stride);
}

/// <summary>1-D average pooling; stride defaults to the kernel size.</summary>
public sealed class AvgPool1d(int kernelSize, int? stride = null) : Module<Tensor, Tensor>
{
    /// <summary>Kernel size.</summary>
    public int KernelSize { get; } = kernelSize;
    /// <summary>Stride.</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AvgPool1d(input, KernelSize, Stride);
}

/// <summary>Average pooling to a fixed length; 1 is global average pooling.</summary>
public sealed class AdaptiveAvgPool1d(int length) : Module<Tensor, Tensor>
{
    /// <summary>Output length.</summary>
    public int OutputSize { get; } = length;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool1d(input, OutputSize);
}
