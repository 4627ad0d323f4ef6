using System.Reflection;
using static TorchSharp.torch;

namespace Ser.Core.Torch;

/// <summary>
/// Frees the output cache of a TorchSharp custom autograd function. TorchSharp 0.107 keeps an uninitialised tensor the
/// size of each output for as long as the graph lives (its node's <c>_outputCache</c>), only to shape zeros for an
/// undefined output gradient; a function that turns that off (<c>set_materialize_grads(false)</c>) never reads it.
/// For batch norm that is one more activation-sized allocation per layer: YAMNet's peak RSS in training grew by 70 MB.
/// TorchSharp offers no way to skip it, so this reaches the field by reflection; where a TorchSharp version lays its
/// node out differently, nothing happens and the cache lives as before.
/// </summary>
internal static class OutputCache
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly FieldInfo? NodeField = typeof(autograd.AutogradContext).GetField("_node", Instance);

    /// <summary>Disposes the cached tensors of <paramref name="context"/>'s node, if TorchSharp keeps them where 0.107 does.</summary>
    public static void Release(autograd.AutogradContext context)
    {
        if (context.MaterializeGrads || NodeField?.GetValue(context) is not object node) return;
        if (node.GetType().GetField("_outputCache", Instance)?.GetValue(node) is not List<Tensor?> cache) return;
        for (int i = 0; i < cache.Count; i++)
        {
            cache[i]?.Dispose();
            cache[i] = null;
        }
    }
}
