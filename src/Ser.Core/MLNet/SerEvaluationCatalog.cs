using Microsoft.ML.Data;
using Ser.Core.Evaluation;
using Ser.Core.MLNet;

namespace Microsoft.ML;

/// <summary>
/// SER's scores from a scored <see cref="IDataView"/> (the same one stock <c>Evaluate</c> reads), on ML.NET's
/// multiclass catalog: <c>mlContext.MulticlassClassification.EvaluateSer(scored)</c> gives UA, WA, per-class precision,
/// recall and F1, macro and weighted F1, and the confusion matrix with class names.
/// </summary>
public static class SerEvaluationCatalog
{
    /// <summary>Scores a scored data view: the Key label against the Key predicted label (rows with a missing label are skipped).</summary>
    /// <param name="catalog">The multiclass catalog.</param>
    /// <param name="data">Scored rows (e.g. <c>model.Transform(test)</c> before any <c>MapKeyToValue</c> of the predicted label).</param>
    /// <param name="labelColumnName">Key label column. Default <c>"Label"</c>.</param>
    /// <param name="predictedLabelColumnName">Key predicted-label column of the same key space. Default <c>"PredictedLabel"</c>.</param>
    /// <exception cref="SchemaMismatchException">A column is missing, not a Key, or the two key spaces differ.</exception>
    public static ClassificationMetrics EvaluateSer(this MulticlassClassificationCatalog catalog, IDataView data,
        string labelColumnName = "Label", string predictedLabelColumnName = "PredictedLabel")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        const string stage = "EvaluateSer";
        var label = KeyColumn(data.Schema, labelColumnName, stage);
        var predicted = KeyColumn(data.Schema, predictedLabelColumnName, stage);
        int classes = (int)((KeyDataViewType)label.Type).Count;
        if (((KeyDataViewType)predicted.Type).Count != (ulong)classes)
            throw new SchemaMismatchException(stage, predicted.Name, $"has {((KeyDataViewType)predicted.Type).Count} keys, the label {classes}");
        string[] classNames = SchemaColumns.KeyValueTexts(label)
            ?? Enumerable.Range(1, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var truth = new List<int>();
        var guesses = new List<int>();
        using (var cursor = data.GetRowCursor([label, predicted]))
        {
            var labelGetter = cursor.GetGetter<uint>(label);
            var predictedGetter = cursor.GetGetter<uint>(predicted);
            uint t = 0, p = 0;
            while (cursor.MoveNext())
            {
                labelGetter(ref t);
                predictedGetter(ref p);
                if (t == 0 || p == 0) continue;
                truth.Add((int)t - 1);
                guesses.Add((int)p - 1);
            }
        }
        return ClassificationMetrics.From(classNames, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(truth), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(guesses));
    }

    private static DataViewSchema.Column KeyColumn(DataViewSchema schema, string name, string stage) =>
        SchemaColumns.Require(schema, stage, name, "Key<UInt32> (evaluate before MapKeyToValue)", SchemaColumns.IsKey);
}
