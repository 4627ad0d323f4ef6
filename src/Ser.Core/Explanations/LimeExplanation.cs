namespace Ser.Core.Explanations;

/// <summary>A LIME region: a cell of the superpixel grid and its weight in the local linear model.</summary>
/// <param name="FirstFrame">First log-mel frame.</param>
/// <param name="EndFrame">One past the last frame.</param>
/// <param name="FirstBand">First mel band.</param>
/// <param name="EndBand">One past the last band.</param>
/// <param name="Weight">Change of the target probability when the region is present (the regression coefficient).</param>
public readonly record struct LimeRegion(int FirstFrame, int EndFrame, int FirstBand, int EndBand, double Weight);

/// <summary>LIME's result: the map (each cell holds its region's weight), every region, the top ones and the fit.</summary>
public sealed class LimeExplanation
{
    internal LimeExplanation(ExplanationMap map, IReadOnlyList<LimeRegion> regions, int topK, double intercept, double score)
    {
        Map = map;
        Regions = regions;
        TopRegions = regions.OrderByDescending(r => r.Weight).Take(topK).ToArray();
        Intercept = intercept;
        Score = score;
    }

    /// <summary>The map over the clip's log-mel: each cell holds its region's weight (signed, not normalised).</summary>
    public ExplanationMap Map { get; }

    /// <summary>All regions in grid order (frames outer, bands inner).</summary>
    public IReadOnlyList<LimeRegion> Regions { get; }

    /// <summary>The regions with the largest positive weights, best first.</summary>
    public IReadOnlyList<LimeRegion> TopRegions { get; }

    /// <summary>The linear model's intercept.</summary>
    public double Intercept { get; }

    /// <summary>Weighted R² of the linear model on the samples (how well it explains the model locally).</summary>
    public double Score { get; }
}
