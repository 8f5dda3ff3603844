using System.Collections.Frozen;

namespace Workflows.Functions.Http;

/// <summary>
/// Static files embedded in this assembly under one logical-name prefix, read once into an immutable table when
/// created: a request never adds to it, so names chosen by a client (misses included) cannot grow memory. The
/// dashboard and the API reference each serve one such table.
/// </summary>
public sealed class EmbeddedAssets
{
    private readonly FrozenDictionary<string, byte[]> assets;

    public EmbeddedAssets(string resourcePrefix)
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        assets = assembly
            .GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[resourcePrefix.Length..], n => Read(assembly.GetManifestResourceStream(n)!), StringComparer.Ordinal);
    }

    /// <summary>The asset names the table holds (the embedded files, nothing a request added).</summary>
    public IReadOnlyCollection<string> Names => assets.Keys;

    public bool TryGet(string name, out byte[] content) => assets.TryGetValue(name, out content!);

    public static string ContentType(string name) =>
        Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            ".json" => "application/json; charset=utf-8",
            _ => "application/octet-stream",
        };

    private static byte[] Read(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
