using System.Runtime.InteropServices;

namespace Ser.Core.Torch;

/// <summary>
/// Settings of libtorch's global context that TorchSharp does not expose, reached through libtorch_cpu's exported
/// C++ symbols (Itanium ABI, x86-64 and arm64 Linux). Every call is guarded: a libtorch without the symbol leaves the
/// setting as it is.
/// </summary>
internal static class NativeContext
{
    /// <summary>
    /// libtorch tries NNPACK before every convolution. Where NNPACK cannot initialise (this VM's AMD EPYC: "Unsupported
    /// hardware"), 2.10 repeats the failed initialisation at every call: about 40 µs per convolution, 1 ms of YAMNet's
    /// 5 ms batch-1 forward pass. When NNPACK is unavailable it would never be used, so turning it off changes no result.
    /// </summary>
    /// <returns>True when NNPACK was unavailable and is now off.</returns>
    public static bool DisableUnavailableNnpack()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            if (NnpackAvailable()) return false;
            SetUserEnabledNnpack(GlobalContext(), false);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("torch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("torch_cpu", EntryPoint = "_ZN2at6native17_nnpack_availableEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool NnpackAvailable();
}
