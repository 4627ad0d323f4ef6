using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>Build → load → dispose on failure, the one way Ser.Core fills a newly built network with weights.</summary>
internal static class ModuleLoading
{
    /// <summary>Runs <paramref name="load"/> on <paramref name="module"/> and returns it; when loading throws, the module is disposed and the exception goes on.</summary>
    public static T Loaded<T>(T module, Action<T> load) where T : nn.Module
    {
        try
        {
            load(module);
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A network built by <paramref name="build"/> and filled (strictly) from safetensors bytes. The bytes are parsed
    /// first, so a corrupt file costs no network; a network whose weights do not fit is disposed.
    /// </summary>
    /// <exception cref="SafeTensorsException">The bytes are not valid safetensors (the message names <paramref name="name"/>).</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network.</exception>
    public static T FromSafeTensors<T>(byte[] weights, string name, Func<T> build) where T : nn.Module
    {
        Dictionary<string, Tensor> tensors = SafeTensors.FromBytes(weights, name);
        try
        {
            return Loaded(build(), n => StateDict.Load(n, tensors));
        }
        finally
        {
            SafeTensors.DisposeAll(tensors);
        }
    }
}
