using Ser.Torch.Interop;

namespace Ser.Torch;

public sealed partial class Tensor
{
    /// <summary>The same elements in a new shape (a view when possible); one dimension may be −1.</summary>
    public Tensor Reshape(params long[] shape) => A(Aten.Reshape).Tensor(this).Ints(shape).Call();

    /// <summary>A view with a new shape; throws when the memory layout does not allow one.</summary>
    public Tensor View(params long[] shape) => A(Aten.View).Tensor(this).Ints(shape).Call();

    /// <summary>Reorders the dimensions.</summary>
    public Tensor Permute(params long[] dims) => A(Aten.Permute).Tensor(this).Ints(dims).Call();

    /// <summary>Swaps two dimensions.</summary>
    public Tensor Transpose(int dim0, int dim1) => A(Aten.Transpose).Tensor(this).Int(dim0).Int(dim1).Call();

    /// <summary>Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1) => A(Aten.Flatten).Tensor(this).Int(startDim).Int(endDim).Call();

    /// <summary>Removes dimension <paramref name="dim"/> when its size is 1.</summary>
    public Tensor Squeeze(int dim) => A(Aten.Squeeze).Tensor(this).Int(dim).Call();

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(int dim) => A(Aten.Unsqueeze).Tensor(this).Int(dim).Call();

    /// <summary>A row-major copy, or this tensor's data when already contiguous.</summary>
    public Tensor Contiguous() => A(Aten.Contiguous).Tensor(this).Call();

    /// <summary>A broadcast view to <paramref name="shape"/> (−1 keeps a dimension).</summary>
    public Tensor Expand(params long[] shape) => A(Aten.Expand).Tensor(this).Ints(shape).Call();

    /// <summary>A copy with its own storage (recorded by autograd).</summary>
    public Tensor Clone() => A(Aten.Clone).Tensor(this).Call();

    /// <summary>Elements start, start+step, … below end along <paramref name="dim"/> (a view).</summary>
    public Tensor Slice(int dim, long? start, long? end, long step = 1) =>
        A(Aten.Slice).Tensor(this).Int(dim).Int(start).Int(end).Int(step).Call();

    /// <summary><paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/> (a view).</summary>
    public Tensor Narrow(int dim, long start, long length) => A(Aten.Narrow).Tensor(this).Int(dim).Int(start).Int(length).Call();

    /// <summary>The slice at <paramref name="index"/> of <paramref name="dim"/>, which is removed (a view).</summary>
    public Tensor Select(int dim, long index) => A(Aten.Select).Tensor(this).Int(dim).Int(index).Call();

    /// <summary>The slices listed in the Int64 tensor <paramref name="index"/> along <paramref name="dim"/> (a copy).</summary>
    public Tensor IndexSelect(int dim, Tensor index) => A(Aten.IndexSelect).Tensor(this).Int(dim).Tensor(index).Call();

    /// <summary>Gathers values along <paramref name="dim"/> at <paramref name="index"/> (torch.gather).</summary>
    public Tensor Gather(int dim, Tensor index) => A(Aten.Gather).Tensor(this).Int(dim).Tensor(index).Call();

    /// <summary>Tiles the tensor <paramref name="repeats"/> times along each dimension.</summary>
    public Tensor Repeat(params long[] repeats) => A(Aten.Repeat).Tensor(this).Ints(repeats).Call();

    /// <summary>
    /// Pads with a constant. <paramref name="pad"/> lists (before, after) pairs starting from the
    /// last dimension, as torch.nn.functional.pad: (left, right, top, bottom) for a 2-D image.
    /// </summary>
    public Tensor Pad(long[] pad, double value = 0) => A(Aten.ConstantPad).Tensor(this).Ints(pad).Double(value).Call();

    /// <summary>One-hot Int64 encoding of this Int64 tensor of class indices.</summary>
    public Tensor OneHot(int numClasses = -1) => A(Aten.OneHot).Tensor(this).Int(numClasses).Call();
}
