using TorchSharp;
using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>
/// Ser.Core's entry to libtorch (through TorchSharp): applies the allocator policy before the first tensor,
/// loads libtorch with a clear error when it is missing, keeps the thread count in step
/// (<see cref="TorchThreads"/>), and chooses devices.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static volatile bool _initialised;

    /// <summary>
    /// Makes libtorch usable: once per process, applies <see cref="AllocatorPolicy"/>, loads the native
    /// libraries and turns NNPACK off where it cannot initialise (it would never run, and libtorch 2.10 retries
    /// its initialisation at every convolution); then, on every call, re-applies the thread count on this thread. Ser.Core's networks,
    /// trainer, scoring and explainers call it themselves.
    /// </summary>
    /// <exception cref="TorchRuntimeException">libtorch or TorchSharp's native library cannot be loaded.</exception>
    public static void EnsureInitialized()
    {
        if (!_initialised)
        {
            lock (Gate)
            {
                if (!_initialised)
                {
                    AllocatorPolicy.ApplyDefault();
                    QuietNativeWarnings();
                    try
                    {
                        torch.InitializeDeviceType(DeviceType.CPU);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        throw new TorchRuntimeException(
                            "libtorch could not be loaded through TorchSharp. Reference a libtorch bundle in the application " +
                            "(PackageReference TorchSharp-cpu 0.107.0, or a CUDA bundle); on Linux with libstdc++ older than GCC 13 " +
                            "(Debian 12, Ubuntu 22.04) build through Ser.Core's MSBuild targets, which make libLibTorchSharp.so's " +
                            "GLIBCXX_3.4.32 requirement weak (see the build output). TorchSharp said: " + Innermost(e).Message, e);
                    }
                    NativeContext.DisableUnavailableNnpack();
                    _initialised = true;
                }
            }
        }
        TorchThreads.Sync();
    }

    /// <summary>
    /// libtorch 2.10 logs "Could not initialize NNPACK! Reason: Unsupported hardware." at every convolution of a batch of 16
    /// or more on processors its NNPACK does not recognise (this VM's AMD EPYC among them): thousands of lines per epoch on
    /// standard error. Unless the environment sets <c>TORCH_CPP_LOG_LEVEL</c> itself, libtorch's C++ log level is set to
    /// ERROR before it loads (c10 reads the variable once, when it loads).
    /// </summary>
    private static void QuietNativeWarnings()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        if (Environment.GetEnvironmentVariable("TORCH_CPP_LOG_LEVEL") is not null) return;
        try
        {
            setenv("TORCH_CPP_LOG_LEVEL", "ERROR", 0);        // the process environment that native code reads, not .NET's copy
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", CallingConvention = System.Runtime.InteropServices.CallingConvention.Cdecl)]
    private static extern int setenv(string name, string value, int overwrite);

    /// <summary>True when libtorch has CUDA and a GPU is visible.</summary>
    public static bool IsCudaAvailable
    {
        get
        {
            EnsureInitialized();
            return torch.cuda.is_available();
        }
    }

    /// <summary>The CPU: Ser.Core's default device.</summary>
    public static Device Cpu => torch.CPU;

    /// <summary>The first CUDA GPU when <see cref="IsCudaAvailable"/>, else the CPU.</summary>
    public static Device Best => IsCudaAvailable ? torch.CUDA : torch.CPU;

    /// <summary>The device of the module's first parameter (the CPU for a module without parameters).</summary>
    public static Device DeviceOf(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var p in module.parameters()) return p.device;
        return torch.CPU;
    }

    /// <summary>Parses "cpu", "cuda" or "cuda:N" (null or empty: the CPU).</summary>
    /// <exception cref="ArgumentException">Unknown device, or CUDA asked for where libtorch has none.</exception>
    public static Device Parse(string? device)
    {
        if (string.IsNullOrWhiteSpace(device) || device.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return torch.CPU;
        if (!device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"unknown device '{device}' (use cpu, cuda or cuda:N)", nameof(device));
        }
        if (!IsCudaAvailable)
        {
            throw new ArgumentException($"device '{device}' was asked for, but libtorch has no CUDA or no GPU is visible (reference a CUDA bundle of TorchSharp)", nameof(device));
        }
        return torch.device(device.ToLowerInvariant());
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
