using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>Copies between spans and <see cref="VBuffer{T}"/>s, reusing the destination's arrays as ML.NET expects.</summary>
internal static class VBuffers
{
    /// <summary>Writes <paramref name="values"/> into <paramref name="destination"/> as a dense vector.</summary>
    public static void Write<T>(ReadOnlySpan<T> values, ref VBuffer<T> destination)
    {
        var editor = VBufferEditor.Create(ref destination, values.Length);
        values.CopyTo(editor.Values);
        destination = editor.Commit();
    }

    /// <summary>The dense values of <paramref name="buffer"/> (its own span when dense, else expanded into <paramref name="scratch"/>).</summary>
    public static ReadOnlySpan<T> Dense<T>(in VBuffer<T> buffer, ref T[]? scratch)
    {
        if (buffer.IsDense) return buffer.GetValues();
        if (scratch is null || scratch.Length < buffer.Length) scratch = new T[buffer.Length];
        var dense = scratch.AsSpan(0, buffer.Length);
        dense.Clear();
        var values = buffer.GetValues();
        var indices = buffer.GetIndices();
        for (int i = 0; i < values.Length; i++) dense[indices[i]] = values[i];
        return dense;
    }
}
