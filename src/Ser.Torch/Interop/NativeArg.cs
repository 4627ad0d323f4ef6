using System.Runtime.InteropServices;

namespace Ser.Torch.Interop;

/// <summary>Tags of <see cref="NativeArg"/> (st_arg_tag in ser_torch.h).</summary>
internal enum ArgTag
{
    Default = 0,
    None = 1,
    Tensor = 2,
    Int = 3,
    Double = 4,
    Bool = 5,
    IntList = 6,
    TensorList = 7,
    DoubleList = 8,
    String = 9,
}

/// <summary>One boxed operator argument or result (st_arg in ser_torch.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeArg
{
    public ArgTag Tag;
    public int Reserved;
    public long I;
    public double D;
    public void* P;
    public long N;
}
