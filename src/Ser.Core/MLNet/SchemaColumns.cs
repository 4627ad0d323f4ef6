using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>Checks and reads of the columns of a bound schema, shared by every Ser.Core stage, trainer and data operation.</summary>
internal static class SchemaColumns
{
    /// <summary>The column <paramref name="name"/>, checked with <paramref name="accepts"/>.</summary>
    /// <exception cref="SchemaMismatchException">It is missing or <paramref name="accepts"/> rejects its type; the message names <paramref name="expected"/>.</exception>
    public static DataViewSchema.Column Require(DataViewSchema schema, string stage, string name, string expected, Func<DataViewType, bool> accepts)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new SchemaMismatchException(stage, name,
            $"is missing (expected {expected}; the data has {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (!accepts(column.Type)) throw new SchemaMismatchException(stage, name, $"has type {ColumnTypes.Describe(column.Type)}, expected {expected}");
        return column;
    }

    /// <summary>True for a Key column of UInt32 (what MapValueToKey writes).</summary>
    public static bool IsKey(DataViewType type) => type is KeyDataViewType { RawType: var raw } && raw == typeof(uint);

    /// <summary>A Key column's key values as texts, in key order; null when it has no text key values.</summary>
    public static string[]? KeyValueTexts(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(KnownAnnotations.KeyValues) is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
            return null;
        var values = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetKeyValues(ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }
}
