using System.Reflection;
using System.Runtime.InteropServices;

namespace Ser.Torch.Interop;

/// <summary>
/// Loads the shim lazily, on the first native call, and turns a load failure into one
/// <see cref="TorchException"/> that says what to install.
/// </summary>
internal static class NativeLoader
{
    private static int s_registered;

    internal static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library) return IntPtr.Zero;
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out IntPtr handle)) return handle;
        string? local = Path.Combine(AppContext.BaseDirectory, "libser_torch.so");
        try
        {
            return NativeLibrary.Load(File.Exists(local) ? local : name, assembly, searchPath);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchException(
                "Ser.Torch could not load its native library (libser_torch.so) or libtorch: " + e.Message +
                " Install libtorch with `sudo apt-get install libtorch1.13` (Debian/Ubuntu; libtorch-dev to build " +
                "from source), or set SER_LIBTORCH_DIR to another libtorch when building.", e);
        }
    }
}
