using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>An annotation attached to an output column: slot names, key values, or a number.</summary>
/// <param name="Kind">Annotation name (<c>"SlotNames"</c>, <c>"KeyValues"</c>, or one of <see cref="SerAnnotations"/>).</param>
/// <param name="Type">Its type.</param>
/// <param name="Value">Its value: a <see cref="VBuffer{T}"/> of text or a <see cref="double"/>.</param>
internal sealed record AnnotationSpec(string Kind, DataViewType Type, object Value)
{
    /// <summary>A vector of texts (slot names, key values).</summary>
    public static AnnotationSpec Texts(string kind, IReadOnlyList<string> values)
    {
        var memory = new ReadOnlyMemory<char>[values.Count];
        for (int i = 0; i < memory.Length; i++) memory[i] = values[i].AsMemory();
        return new(kind, new VectorDataViewType(TextDataViewType.Instance, memory.Length), new VBuffer<ReadOnlyMemory<char>>(memory.Length, memory));
    }

    /// <summary>One number.</summary>
    public static AnnotationSpec Number(string kind, double value) => new(kind, NumberDataViewType.Double, value);
}

/// <summary>An output column of a stage: name, type and annotations.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Column type.</param>
/// <param name="Annotations">Its annotations (empty by default).</param>
internal sealed record ColumnSpec(string Name, DataViewType Type, IReadOnlyList<AnnotationSpec> Annotations)
{
    public ColumnSpec(string name, DataViewType type) : this(name, type, []) { }

    /// <summary>The annotations as ML.NET's <see cref="DataViewSchema.Annotations"/>.</summary>
    public DataViewSchema.Annotations BuildAnnotations()
    {
        var builder = new DataViewSchema.Annotations.Builder();
        foreach (var a in Annotations)
        {
            switch (a.Value)
            {
                case VBuffer<ReadOnlyMemory<char>> texts:
                    builder.Add(a.Kind, a.Type, (ref VBuffer<ReadOnlyMemory<char>> v) => texts.CopyTo(ref v));
                    break;
                case double number:
                    builder.AddPrimitiveValue(a.Kind, NumberDataViewType.Double, number);
                    break;
                default:
                    throw new InvalidOperationException($"annotation '{a.Kind}' has an unsupported value type {a.Value.GetType().Name}");
            }
        }
        return builder.ToAnnotations();
    }
}

/// <summary>Annotation names Ser.Core adds to its columns (besides ML.NET's SlotNames and KeyValues).</summary>
public static class SerAnnotations
{
    /// <summary>On a log-mel (or other frames × features) column: frames per second (<see cref="double"/>), so patch start times can be given in seconds.</summary>
    public const string FrameRate = "Ser.FrameRate";
}

/// <summary>ML.NET's own annotation names (its constants are internal).</summary>
internal static class KnownAnnotations
{
    public const string SlotNames = "SlotNames";
    public const string KeyValues = "KeyValues";
}
