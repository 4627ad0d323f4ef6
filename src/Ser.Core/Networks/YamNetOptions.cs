namespace Ser.Core.Networks;

/// <summary>Options of <see cref="YamNet"/> (MobileNet v1 as Google's YAMNet).</summary>
public sealed class YamNetOptions
{
    /// <summary>Channel multiplier (1 = the original 32…1024 channels; 0.5 halves every layer). Default 1.</summary>
    public double WidthMultiplier { get; init; } = 1;

    /// <summary>
    /// True: every convolution has a bias and no batch norm follows (batch norm folded into the
    /// weights, as in yamnet_folded_f32.safetensors). False: convolutions without bias, each followed
    /// by batch norm (trainable from scratch). Default false.
    /// </summary>
    public bool FoldedBatchNorm { get; init; }

    /// <summary>Batch-norm epsilon (YAMNet's Keras value). Default 1e-4.</summary>
    public double BatchNormEps { get; init; } = 1e-4;

    /// <summary>Output classes of the classifier head (521 for AudioSet). Default 521.</summary>
    public int Classes { get; init; } = 521;

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(WidthMultiplier > 0 && WidthMultiplier <= 4)) errors.Add($"WidthMultiplier {WidthMultiplier} must be in (0, 4]");
        if (!(BatchNormEps > 0)) errors.Add($"BatchNormEps {BatchNormEps} must be > 0");
        if (Classes < 1) errors.Add($"Classes {Classes} must be ≥ 1");
        if (errors.Count > 0) throw new ArgumentException("invalid YamNetOptions: " + string.Join("; ", errors));
    }
}
