using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Benchmarks;

/// <summary>Reads a vector column the way ML.NET consumers do: one cursor, one buffer reused from row to row.</summary>
internal static class Cursors
{
    /// <summary>Reads every row's <paramref name="columnName"/>; returns the sum of the first values (so nothing is optimised away).</summary>
    public static float SumOfFirstValues(IDataView data, string columnName)
    {
        var column = data.Schema[columnName];
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var value = default(VBuffer<float>);
        float sum = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            sum += value.GetValues()[0];
        }
        return sum;
    }
}
