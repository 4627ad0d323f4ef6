using Microsoft.ML;

namespace Ser.Core.MLNet;

/// <summary>
/// A Ser.Core stage with nothing to learn. Catalog methods return it wrapped in a <see cref="SerTrivialEstimator{TTransform}"/>,
/// as ML.NET returns estimators, so that <c>Append</c> builds an estimator chain.
/// </summary>
/// <typeparam name="TSelf">The stage type.</typeparam>
public abstract class SerStatelessTransform<TSelf> : SerTransformer where TSelf : SerStatelessTransform<TSelf>
{
    private protected SerStatelessTransform() { }

    /// <summary>Checks <paramref name="input"/> and returns the columns the stage adds to it.</summary>
    internal abstract IReadOnlyList<ColumnSpec> OutputColumns(SchemaShape input);

    /// <summary>Checks <paramref name="input"/> (throws <see cref="SchemaMismatchException"/>) without mapping anything.</summary>
    internal void Check(DataViewSchema input) => Bind(input);
}
