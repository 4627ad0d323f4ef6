using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ser.Core.MLNet;

/// <summary>
/// Base of Ser.Core's fitted stages: an ML.NET <see cref="ITransformer"/> that maps rows one to one (so
/// <c>mlContext.Model.CreatePredictionEngine</c> works on pipelines that contain it), lazily, adding its columns to
/// the input's. Stock <c>mlContext.Model.Save</c> cannot persist a third-party stage (ML.NET's loader is internal):
/// save pipelines that contain Ser.Core stages with <c>mlContext.Model.SaveSer(...)</c>.
/// </summary>
public abstract class SerTransformer : ITransformer
{
    private protected SerTransformer() { }

    /// <summary>The stage's name in messages and model files ("LogMel", "FusionEmotion", …).</summary>
    public abstract string Name { get; }

    /// <summary>Always true: the stage maps each row on its own.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>Checks <paramref name="input"/> and binds the stage to it.</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or has another type.</exception>
    private protected abstract BoundMapper Bind(DataViewSchema input);

    /// <summary>The kind written in model files (a loader is registered for it).</summary>
    internal abstract string Kind { get; }

    /// <summary>The settings and files written to model files.</summary>
    internal abstract StageState SaveState();

    /// <summary>The input schema plus the stage's columns.</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or has another type.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Bind(inputSchema).OutputSchema;
    }

    /// <summary>The stage's row mapper for <paramref name="inputSchema"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Bind(inputSchema);
    }

    /// <summary>The input with the stage's columns added; lazy (nothing is computed until a cursor reads them).</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or has another type.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, Bind(input.Schema));
    }

    /// <summary>Refuses: stock ML.NET cannot load a Ser.Core stage, so it must not write one.</summary>
    /// <exception cref="NotSupportedException">Always; the message names the method to use.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        $"The pipeline contains the Ser.Core stage '{Name}', which stock mlContext.Model.Save cannot persist (ML.NET's model loader is internal). " +
        "Save it with mlContext.Model.SaveSer(model, inputSchema, path) and load it with mlContext.Model.LoadSer(path, out schema) (using Microsoft.ML; from Ser.Core).");

    /// <summary>The input column <paramref name="name"/>, checked with <paramref name="accepts"/>.</summary>
    /// <exception cref="SchemaMismatchException">It is missing or <paramref name="accepts"/> rejects its type.</exception>
    private protected DataViewSchema.Column Require(DataViewSchema input, string name, string expected, Func<DataViewType, bool> accepts)
        => SchemaColumns.Require(input, Name, name, expected, accepts);

    /// <summary>The audio column <paramref name="audio"/> and, unless null, the sample-rate column <paramref name="rate"/>.</summary>
    /// <exception cref="SchemaMismatchException">One is missing or has another type.</exception>
    private protected AudioColumns RequireAudio(DataViewSchema input, string audio, string? rate) => new(
        Require(input, audio, AudioColumns.SamplesExpected, ColumnTypes.IsSingleVector),
        rate is null ? null : Require(input, rate, AudioColumns.RatesExpected, t => t == NumberDataViewType.Int32));

    /// <inheritdoc />
    public override string ToString() => Name;
}
