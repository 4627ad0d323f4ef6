using Ser.Core.IO;
using Ser.Core.MLNet;

namespace Microsoft.ML;

/// <summary>
/// Saving and loading pipelines that contain Ser.Core stages, on ML.NET's <see cref="ModelOperationsCatalog"/>:
/// <c>mlContext.Model.SaveSer(model, schema, path)</c> and <c>mlContext.Model.LoadSer(path, out schema)</c>. One file holds
/// every stage: stock stages as ML.NET saves them, Ser.Core's in a versioned, checksummed format. (Stock
/// <c>mlContext.Model.Save</c> cannot persist a third-party stage and refuses, naming these methods.)
/// </summary>
public static class SerModelOperations
{
    /// <summary>Saves a fitted pipeline to <paramref name="path"/> (replaced atomically: a temporary file, then a rename).</summary>
    /// <param name="catalog">The model operations catalog.</param>
    /// <param name="model">The fitted pipeline (a chain of stock and Ser.Core stages, or one stage).</param>
    /// <param name="inputSchema">The schema of the data the pipeline was fitted on (e.g. <c>data.Schema</c>).</param>
    /// <param name="path">Destination.</param>
    public static void SaveSer(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ml = Context(catalog);
        AtomicFile.Write(path, s => SerModelFile.Save(ml, model, inputSchema, s));
    }

    /// <summary>Saves a fitted pipeline to a stream.</summary>
    /// <param name="catalog">The model operations catalog.</param>
    /// <param name="model">The fitted pipeline.</param>
    /// <param name="inputSchema">The schema of the data the pipeline was fitted on.</param>
    /// <param name="stream">Destination (left open).</param>
    public static void SaveSer(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SerModelFile.Save(Context(catalog), model, inputSchema, stream);
    }

    /// <summary>Loads a pipeline saved by <see cref="SaveSer(ModelOperationsCatalog, ITransformer, DataViewSchema, string)"/>.</summary>
    /// <param name="catalog">The model operations catalog.</param>
    /// <param name="path">The model file.</param>
    /// <param name="inputSchema">The schema the pipeline was fitted on.</param>
    /// <exception cref="ModelFormatException">The file is not a Ser.Core model, is corrupt, truncated or modified, or is from a newer format (the message names the file).</exception>
    public static ITransformer LoadSer(this ModelOperationsCatalog catalog, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ml = Context(catalog);
        FileStream fs;
        try
        {
            fs = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"{path}: cannot open the model file ({e.Message})", e);
        }
        using (fs) return SerModelFile.Load(ml, fs, path, out inputSchema);
    }

    /// <summary>Loads a pipeline from a stream.</summary>
    /// <param name="catalog">The model operations catalog.</param>
    /// <param name="stream">Model data.</param>
    /// <param name="inputSchema">The schema the pipeline was fitted on.</param>
    /// <exception cref="ModelFormatException">The data is not a valid Ser.Core model.</exception>
    public static ITransformer LoadSer(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return SerModelFile.Load(Context(catalog), stream, "<stream>", out inputSchema);
    }

    private static MLContext Context(ModelOperationsCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // Stock stages are saved and loaded through an MLContext; the catalog's own is internal, and a fresh one
        // reads and writes the same bytes.
        return new MLContext(seed: 0);
    }
}
