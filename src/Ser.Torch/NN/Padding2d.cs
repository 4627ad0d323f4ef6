namespace Ser.Torch.NN;

/// <summary>
/// Zero padding of a 2-D convolution or pooling, per side, in elements. Symmetric padding goes
/// to libtorch's kernel directly; asymmetric padding (TensorFlow's "SAME" on stride 2 pads 0
/// before and 1 after) pads the input first.
/// </summary>
/// <param name="Top">Rows added before (dimension H).</param>
/// <param name="Bottom">Rows added after.</param>
/// <param name="Left">Columns added before (dimension W).</param>
/// <param name="Right">Columns added after.</param>
public readonly record struct Padding2d(int Top, int Bottom, int Left, int Right)
{
    /// <summary>The same padding on every side.</summary>
    public static Padding2d Symmetric(int p) => new(p, p, p, p);

    /// <summary>Symmetric padding, per axis.</summary>
    public static Padding2d Symmetric(int height, int width) => new(height, height, width, width);

    /// <summary>
    /// TensorFlow's "SAME" padding for an input of <paramref name="inputHeight"/> × <paramref name="inputWidth"/>:
    /// the output has ceil(input / stride) elements per axis, and an odd total goes after.
    /// </summary>
    public static Padding2d Same(int inputHeight, int inputWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth)
    {
        (int top, int bottom) = SameAxis(inputHeight, kernelHeight, strideHeight);
        (int left, int right) = SameAxis(inputWidth, kernelWidth, strideWidth);
        return new Padding2d(top, bottom, left, right);
    }

    private static (int Before, int After) SameAxis(int input, int kernel, int stride)
    {
        int output = (input + stride - 1) / stride;
        int total = Math.Max((output - 1) * stride + kernel - input, 0);
        return (total / 2, total - total / 2);
    }

    /// <summary>True when both sides of each axis are equal.</summary>
    public bool IsSymmetric => Top == Bottom && Left == Right;
}
