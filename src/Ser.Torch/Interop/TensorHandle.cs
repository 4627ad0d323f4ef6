using System.Runtime.InteropServices;

namespace Ser.Torch.Interop;

/// <summary>Owns one native tensor handle (an at::Tensor on the native heap).</summary>
internal sealed class TensorHandle : SafeHandle
{
    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.st_tensor_free(handle);
        return true;
    }
}
