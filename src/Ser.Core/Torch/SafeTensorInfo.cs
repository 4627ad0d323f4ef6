using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>One entry of a safetensors header.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Shape.</param>
/// <param name="Begin">Offset of the first byte, from the start of the data section.</param>
/// <param name="End">Offset just past the last byte.</param>
public sealed record SafeTensorInfo(string Name, ScalarType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements.</summary>
    public long NumberOfElements
    {
        get
        {
            long n = 1;
            foreach (long d in Shape) n = checked(n * d);
            return n;
        }
    }
}
