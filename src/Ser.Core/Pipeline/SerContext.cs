namespace Ser.Core.Pipeline;

/// <summary>
/// Entry point of the pipeline API (ML.NET's MLContext shape): holds the seed, thread count and log, and the
/// catalogs through which stages are created.
/// </summary>
public sealed class SerContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="seed">Seed for every random choice made by stages created here; null = nondeterministic.</param>
    /// <param name="threads">Worker threads stages may use; null = <see cref="Environment.ProcessorCount"/>.</param>
    /// <param name="log">Receives diagnostic messages; null = silent.</param>
    public SerContext(int? seed = null, int? threads = null, Action<string>? log = null)
    {
        if (threads is < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "At least one thread.");
        Seed = seed;
        Threads = threads ?? Environment.ProcessorCount;
        Log = log ?? (_ => { });
        Transforms = new TransformsCatalog(this);
        Data = new DataCatalog(this);
        Trainers = new TrainersCatalog(this);
        Model = new ModelOperations();
    }

    /// <summary>The seed, if any.</summary>
    public int? Seed { get; }

    /// <summary>Worker threads stages may use.</summary>
    public int Threads { get; }

    /// <summary>The diagnostic log.</summary>
    public Action<string> Log { get; }

    /// <summary>Feature and segmentation stages.</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Trainers: <c>ser.Trainers.Fusion(...)</c>.</summary>
    public TrainersCatalog Trainers { get; }

    /// <summary>Corpus readers and speaker-independent splits: <c>ser.Data.LoadRavdess(...)</c>.</summary>
    public DataCatalog Data { get; }

    /// <summary>Saving and loading fitted pipelines.</summary>
    public ModelOperations Model { get; }
}
