using System.Globalization;
using System.Text;
using Ser.Core.Evaluation;
using Ser.Core.IO;

namespace Ser.Cli;

/// <summary>
/// The cross-validation results file: a markdown table that grows by one row per configuration, rewritten
/// atomically after each one so that a long run that is stopped keeps every finished row. A companion file
/// (<c>path.folds.tsv</c>) gets the configuration and the per-fold UA and epochs run (early stopping) of each row, so the table can be audited.
/// </summary>
internal static class ResultsTable
{
    public const string Header =
        "| classes | network | pretrained YAMNet | GDS | UA | WA | macro-F1 | training s / fold | patches / fold |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    public static void Append(string path, string row, string configuration, CrossValidationSummary summary, IReadOnlyList<int> epochsRun)
    {
        string existing = File.Exists(path) ? File.ReadAllText(path) : Header + "\n";
        var folds = string.Join(" ", summary.Folds.Select((m, f) => FormattableString.Invariant($"{m.UnweightedAccuracy:F3} ({epochsRun[f]} epochs)")));
        AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(existing + row + "\n")));
        string foldsPath = path + ".folds.tsv";
        string log = File.Exists(foldsPath) ? File.ReadAllText(foldsPath) : "row\tconfiguration\tfold UA (epochs run)\n";
        AtomicFile.Write(foldsPath, s => s.Write(Encoding.UTF8.GetBytes($"{log}{row}\t{configuration}\t{folds}\n")));
    }
}
