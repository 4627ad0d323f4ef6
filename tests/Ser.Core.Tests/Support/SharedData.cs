namespace Ser.Core.Tests.Support;

/// <summary>Locates ../shared (the project's shared data) from the test's working directory.</summary>
public static class SharedData
{
    /// <summary>The repository root (the folder of Ser.Core.sln above the test's folder).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ser.Core.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (Ser.Core.sln) is not above the test's folder");
    }

    private static readonly Lazy<string?> Root = new(() =>
    {
        var env = Environment.GetEnvironmentVariable("SER_SHARED_DIR");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "data"))) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "Ser.Core.sln")))
            {
                var sibling = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(sibling) ? sibling : null;
            }
        }
        return null;
    });

    /// <summary>Path to ../shared/data/ravdess, or null when absent.</summary>
    public static string? Ravdess
    {
        get
        {
            var p = Root.Value is null ? null : Path.Combine(Root.Value, "data", "ravdess");
            return p != null && File.Exists(Path.Combine(p, "manifest.csv")) ? p : null;
        }
    }

    /// <summary>Path to ../shared/models/yamnet, or null when absent.</summary>
    public static string? YamnetModels
    {
        get
        {
            var p = Root.Value is null ? null : Path.Combine(Root.Value, "models", "yamnet");
            return p != null && File.Exists(Path.Combine(p, "yamnet_folded_f32.safetensors")) ? p : null;
        }
    }

    public const string MissingModelsMessage = "../shared/models/yamnet is absent (set SER_SHARED_DIR to the shared folder); skipping the test that needs the YAMNet weights.";

    public const string MissingMessage = "../shared/data/ravdess is absent (set SER_SHARED_DIR to the shared folder); skipping the test that needs real speech.";
}
