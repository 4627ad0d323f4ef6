using Ser.Core.Pipeline;

namespace Ser.Core.Explanations;

/// <summary>
/// Grad-CAM as a pipeline stage (<c>ser.Transforms.GradCam(model)</c>): each row gets <see cref="Columns.Explanation"/>
/// for its predicted class. Rows that already carry LogMel and Patches (e.g. the output of the fitted model) are not
/// recomputed. The stage holds a fitted model and is not written to model files.
/// </summary>
public sealed class GradCamStage : ISerTransformer
{
    internal GradCamStage(GradCamExplainer explainer) => Explainer = explainer;

    /// <summary>The explainer.</summary>
    public GradCamExplainer Explainer { get; }

    /// <inheritdoc />
    public string Name => "GradCam";

    /// <inheritdoc />
    public IReadOnlyList<Column> Inputs { get; } = [new(Columns.Audio, typeof(Audio.AudioClip))];

    /// <inheritdoc />
    public IReadOnlyList<Column> Outputs { get; } = [new(Columns.Explanation, typeof(ExplanationMap))];

    /// <inheritdoc />
    public SerRow Transform(SerRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var copy = row.Clone();
        copy.Set(Columns.Explanation, Explainer.Explain(copy));
        return copy;
    }

    /// <inheritdoc />
    public IEnumerable<SerRow> Transform(IEnumerable<SerRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Transform(row);
        }
    }
}
