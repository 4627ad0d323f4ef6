namespace Ser.Torch.Interop;

/// <summary>
/// An ATen operator, found once by its schema name ("aten::conv2d") and overload, and called
/// through the dispatcher with boxed arguments (autograd is recorded as for a C++ call).
/// </summary>
internal sealed class Op
{
    private readonly string _name;
    private readonly string _overload;
    private IntPtr _handle;

    internal Op(string name, string overload = "")
    {
        _name = name;
        _overload = overload;
    }

    internal IntPtr Handle
    {
        get
        {
            IntPtr h = Volatile.Read(ref _handle);
            if (h != IntPtr.Zero) return h;
            h = NativeMethods.Check(NativeMethods.st_op_find(_name, _overload));
            Volatile.Write(ref _handle, h);
            return h;
        }
    }

    /// <summary>The schema name, for messages.</summary>
    public override string ToString() => _overload.Length == 0 ? _name : _name + "." + _overload;
}
