using Microsoft.ML;
using Ser.Core.Tests.Support;
using Ser.Samples;
using Xunit;
using Xunit.Abstractions;

namespace Ser.Core.Tests.Samples;

[Collection(LibtorchCollection.Name)]
public sealed class LinearProbeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-probe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Frozen pretrained YAMNet + stock LbfgsMaximumEntropy on RAVDESS (8 classes, 6 speaker folds) reproduces the
    /// linear-probe anchor, UA ≈ 0.44 (chance 0.125); the fitted chain saves to one file and loads.
    /// </summary>
    [SkippableFact]
    public void FrozenYamNetPlusLbfgsReproducesTheLinearProbeAnchorOnRavdess()
    {
        Skip.If(SharedData.Ravdess is null, SharedData.MissingMessage);
        Skip.If(SharedData.YamnetModels is null, SharedData.MissingModelsMessage);
        string weights = Path.Combine(SharedData.YamnetModels!, "yamnet_folded_f32.safetensors");
        var log = new StringWriter();
        string model = Path.Combine(_dir, "probe.zip");
        var ua = LinearProbe.Run(SharedData.Ravdess!, weights, folds: 6, model, log);
        output.WriteLine(log.ToString());
        Assert.Equal(6, ua.Count);
        Assert.InRange(ua.Average(), 0.39, 0.49);
        var loaded = new MLContext().Model.LoadSer(model, out var schema);
        Assert.Contains(schema, c => c.Name == "Path");
        Assert.NotNull(loaded);
    }
}
