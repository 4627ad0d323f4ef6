using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>The column types Ser.Core's stages read and write, and their descriptions in error messages.</summary>
internal static class ColumnTypes
{
    /// <summary>A variable-length vector of Single (audio samples).</summary>
    public static VectorDataViewType Samples { get; } = new(NumberDataViewType.Single);

    /// <summary>A frames × features matrix: a vector of Single with dimensions [0, features] (frames vary per row).</summary>
    public static VectorDataViewType Frames(int features) => new(NumberDataViewType.Single, 0, features);

    /// <summary>Patches: a vector of Single with dimensions [0, frames, features] (the count varies per row).</summary>
    public static VectorDataViewType Patches(int frames, int features) => new(NumberDataViewType.Single, 0, frames, features);

    /// <summary>A fixed-length vector of Single.</summary>
    public static VectorDataViewType Fixed(int size) => new(NumberDataViewType.Single, size);

    /// <summary>True for a vector of Single of any length.</summary>
    public static bool IsSingleVector(DataViewType t) => t is VectorDataViewType v && v.ItemType == NumberDataViewType.Single;

    /// <summary>"Vector&lt;Single, 0, 64&gt;"-style text for messages.</summary>
    public static string Describe(DataViewType t) => t is VectorDataViewType v
        ? $"Vector<{v.ItemType}{(v.Dimensions.Length == 0 ? "" : ", " + string.Join(", ", v.Dimensions.ToArray()))}>"
        : t.ToString() ?? "?";
}
