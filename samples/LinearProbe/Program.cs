// The linear-probe anchor: frozen pretrained YAMNet + stock LbfgsMaximumEntropy, RAVDESS 8 classes, 6 speaker folds.
//   dotnet run --project samples/LinearProbe -c Release -- [ravdess-dir] [yamnet_folded_f32.safetensors] [model.zip]
string shared = Path.Combine("..", "shared");
string root = args.Length > 0 ? args[0] : Path.Combine(shared, "data", "ravdess");
string weights = args.Length > 1 ? args[1] : Path.Combine(shared, "models", "yamnet", "yamnet_folded_f32.safetensors");
string? model = args.Length > 2 ? args[2] : "linear-probe.zip";
if (!Directory.Exists(root) || !File.Exists(weights))
{
    Console.Error.WriteLine($"Need RAVDESS ({Path.GetFullPath(root)}) and YAMNet's weights ({Path.GetFullPath(weights)}): pass their paths.");
    return 2;
}
Ser.Samples.LinearProbe.Run(root, weights, folds: 6, model, Console.Out);
return 0;
