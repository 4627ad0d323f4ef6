// The README's quick start on RAVDESS: a stock ML.NET pipeline with Ser.Core's stages, cross-validated by speaker,
// fitted, saved to one file, loaded and scoring WAV files through a PredictionEngine.
//   dotnet run --project samples/QuickStart -c Release -- [ravdess-dir] [model.zip] [--epochs 6] [--folds 6]
string root = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : Path.Combine("..", "shared", "data", "ravdess");
string model = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "emotion.zip";
int epochs = 6, folds = 6;
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--epochs") epochs = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    if (args[i] == "--folds") folds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
}
if (!Directory.Exists(root))
{
    Console.Error.WriteLine($"No RAVDESS folder at {Path.GetFullPath(root)}: pass its path as the first argument.");
    return 2;
}
Ser.Samples.QuickStart.Run(root, model, epochs, folds, Console.Out);
Console.WriteLine($"Model written to {Path.GetFullPath(model)}");
return 0;
