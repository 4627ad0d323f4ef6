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
}
