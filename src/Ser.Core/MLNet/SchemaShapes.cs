using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>
/// Estimator-side schema work. ML.NET 5 keeps <see cref="SchemaShape.Column"/>'s constructor internal, so the shape of
/// a stage's output is obtained from a public estimator that adds columns of any type: a
/// <c>CustomMapping</c> whose output schema definition lists our columns (renamed, typed, annotated).
/// </summary>
internal static class SchemaShapes
{
    private static readonly MLContext Context = new(seed: 0);
    private static readonly MethodInfo CustomMapping = typeof(SchemaShapes).GetMethod(nameof(ShapeOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The input shape with <paramref name="added"/> appended (a column of the same name is replaced).</summary>
    public static SchemaShape Append(SchemaShape input, IReadOnlyList<ColumnSpec> added)
    {
        if (added.Count == 0) return input;
        if (added.Count > Slots.Count) throw new InvalidOperationException($"at most {Slots.Count} output columns per stage");
        var types = new Type[Slots.Count];
        for (int i = 0; i < types.Length; i++) types[i] = i < added.Count ? MemberType(added[i].Type) : typeof(bool);
        Type row = typeof(Slots<,,,,,>).MakeGenericType(types);
        return (SchemaShape)CustomMapping.MakeGenericMethod(row).Invoke(null, [input, added])!;
    }

    private static SchemaShape ShapeOf<TRow>(SchemaShape input, IReadOnlyList<ColumnSpec> added) where TRow : class, new()
    {
        var definition = SchemaDefinition.Create(typeof(TRow), SchemaDefinition.Direction.Write);
        for (int i = definition.Count - 1; i >= added.Count; i--) definition.RemoveAt(i);
        for (int i = 0; i < added.Count; i++)
        {
            definition[i].ColumnName = added[i].Name;
            definition[i].ColumnType = added[i].Type;
            foreach (var a in added[i].Annotations)
            {
                if (a.Value is VBuffer<ReadOnlyMemory<char>> texts) definition[i].AddAnnotation(a.Kind, texts, a.Type);
                else if (a.Value is double number) definition[i].AddAnnotation(a.Kind, number, a.Type);
                else throw new InvalidOperationException($"annotation '{a.Kind}' has an unsupported value type {a.Value.GetType().Name}");
            }
        }
        return Context.Transforms.CustomMapping<NoColumns, TRow>(static (_, _) => { }, contractName: null, outputSchemaDefinition: definition)
            .GetOutputSchema(input);
    }

    /// <summary>The CLR member type ML.NET's schema definitions map to <paramref name="type"/>.</summary>
    private static Type MemberType(DataViewType type) => type switch
    {
        TextDataViewType => typeof(string),
        VectorDataViewType v => typeof(VBuffer<>).MakeGenericType(v.ItemType.RawType),
        _ => type.RawType,
    };

    /// <summary>Checks that <paramref name="input"/> has column <paramref name="name"/> and that <paramref name="accepts"/> holds for it.</summary>
    /// <exception cref="SchemaMismatchException">It is missing or of another kind.</exception>
    public static void Require(SchemaShape input, string stage, string name, string expected, Func<SchemaShape.Column, bool> accepts)
    {
        SchemaShape.Column? found = null;
        foreach (var c in input) if (c.Name == name) found = c;
        if (found is not SchemaShape.Column column)
            throw new SchemaMismatchException(stage, name, $"is missing (expected {expected}; the data has {string.Join(", ", input.Select(c => c.Name))})");
        if (!accepts(column))
            throw new SchemaMismatchException(stage, name, $"has type {Describe(column)}, expected {expected}");
    }

    /// <summary>A shape column as text: "Vector&lt;Single&gt;", "Key&lt;UInt32&gt;", "String".</summary>
    public static string Describe(SchemaShape.Column c)
    {
        string item = c.IsKey ? $"Key<{c.ItemType}>" : c.ItemType?.ToString() ?? "?";
        return c.Kind == SchemaShape.Column.VectorKind.Scalar ? item : $"Vector<{item}>";
    }

    private sealed class NoColumns;

    private static class Slots
    {
        public const int Count = 6;
    }

    private sealed class Slots<T0, T1, T2, T3, T4, T5>
    {
        public T0? C0 { get; set; }
        public T1? C1 { get; set; }
        public T2? C2 { get; set; }
        public T3? C3 { get; set; }
        public T4? C4 { get; set; }
        public T5? C5 { get; set; }
    }
}
