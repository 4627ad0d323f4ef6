using Microsoft.ML;

namespace Ser.Core.MLNet;

/// <summary>
/// The estimator of a Ser.Core stage that learns nothing (log-mel, patches, audio loading): <see cref="Fit"/> checks the
/// schema and returns the stage. What ML.NET's catalogs return for such stages, so <c>Append</c> chains estimators.
/// </summary>
/// <typeparam name="TTransform">The stage.</typeparam>
public sealed class SerTrivialEstimator<TTransform> : IEstimator<TTransform> where TTransform : SerStatelessTransform<TTransform>
{
    internal SerTrivialEstimator(TTransform transform) => Transform = transform;

    /// <summary>The stage <see cref="Fit"/> returns.</summary>
    public TTransform Transform { get; }

    /// <summary>Checks the schema of <paramref name="input"/> and returns the stage.</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or has another type.</exception>
    public TTransform Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Transform.Check(input.Schema);
        return Transform;
    }

    /// <summary>The shape of the output for an input of shape <paramref name="inputSchema"/>.</summary>
    /// <exception cref="SchemaMismatchException">An input column is missing or has another type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapes.Append(inputSchema, Transform.OutputColumns(inputSchema));
    }

    /// <inheritdoc />
    public override string ToString() => Transform.Name;
}
