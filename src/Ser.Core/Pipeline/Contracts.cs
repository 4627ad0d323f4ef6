namespace Ser.Core.Pipeline;

/// <summary>A fitted stage: turns rows into rows, lazily.</summary>
public interface ISerTransformer
{
    /// <summary>Stage name used in messages.</summary>
    string Name { get; }

    /// <summary>Columns the stage reads.</summary>
    IReadOnlyList<Column> Inputs { get; }

    /// <summary>Columns the stage adds.</summary>
    IReadOnlyList<Column> Outputs { get; }

    /// <summary>Transforms rows one by one as they are enumerated (nothing is buffered).</summary>
    /// <param name="rows">Input rows.</param>
    /// <param name="cancellationToken">Stops the enumeration with <see cref="OperationCanceledException"/>.</param>
    IEnumerable<SerRow> Transform(IEnumerable<SerRow> rows, CancellationToken cancellationToken = default);

    /// <summary>Transforms one row.</summary>
    /// <param name="row">Input row (not modified).</param>
    SerRow Transform(SerRow row);
}

/// <summary>An unfitted stage: learns from rows and returns a transformer.</summary>
public interface ISerEstimator
{
    /// <summary>Stage name used in messages.</summary>
    string Name { get; }

    /// <summary>Columns the stage needs upstream.</summary>
    IReadOnlyList<Column> Inputs { get; }

    /// <summary>Columns the fitted stage adds.</summary>
    IReadOnlyList<Column> Outputs { get; }

    /// <summary>Fits the stage.</summary>
    /// <param name="rows">Training rows (already transformed by the stages before this one).</param>
    /// <param name="progress">Receives progress reports; may be null.</param>
    /// <param name="cancellationToken">Cancels fitting.</param>
    ISerTransformer Fit(IEnumerable<SerRow> rows, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>Progress of <see cref="EstimatorChain.Fit"/>.</summary>
/// <param name="Stage">Stage being fitted.</param>
/// <param name="StageIndex">Its position (0-based).</param>
/// <param name="StageCount">Number of stages.</param>
/// <param name="Message">What is happening.</param>
public sealed record PipelineProgress(string Stage, int StageIndex, int StageCount, string Message);

/// <summary>Thrown when a pipeline's stages do not fit together: a stage needs a column no earlier stage produces.</summary>
public sealed class SchemaMismatchException(string message) : Exception(message);

/// <summary>
/// A fitted stage that treats training data differently from data being scored (e.g. Gaussian data
/// selection, which the founding paper applies to training data only). <see cref="EstimatorChain.Fit"/>
/// feeds later estimators through <see cref="TransformForTraining"/>; scoring uses <see cref="ISerTransformer.Transform(IEnumerable{SerRow}, CancellationToken)"/>.
/// </summary>
public interface ITrainingTransformer : ISerTransformer
{
    /// <summary>Transforms training rows, lazily.</summary>
    IEnumerable<SerRow> TransformForTraining(IEnumerable<SerRow> rows, CancellationToken cancellationToken = default);
}
