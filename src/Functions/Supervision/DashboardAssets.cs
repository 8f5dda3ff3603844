using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Workflows.Functions.Documents;

namespace Workflows.Functions.Supervision;

/// <summary>
/// The supervision dashboard: static files embedded in this assembly (Web/**, logical names "Workflows.Web.&lt;path&gt;"),
/// served at /api/dashboard/{*path} by both hosts (and at / by LocalHost). Plain HTML/JS/CSS: no CDN, no build step.
/// Every asset is read once into an immutable table when the type loads; a request never adds to it, so names chosen by
/// a client (misses included) cannot grow memory. Responses carry a Content-Security-Policy without inline script.
/// </summary>
public static class DashboardAssets
{
    private const string ResourcePrefix = "Workflows.Web.";
    private static readonly FrozenDictionary<string, byte[]> Assets = LoadAll();

    /// <summary>How many assets the table holds: the embedded files, and nothing a request added.</summary>
    public static int CachedEntryCount => Assets.Count;

    public static IResult Serve(string? path)
    {
        var name = string.IsNullOrEmpty(path) || path.EndsWith('/') ? (path ?? string.Empty) + "index.html" : path;
        return Assets.TryGetValue(name, out var content)
            ? new SecuredResult(Results.Bytes(content, ContentType(name)), SecurityHeaders.Dashboard)
            : Results.NotFound();
    }

    private static FrozenDictionary<string, byte[]> LoadAll()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        return assembly
            .GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[ResourcePrefix.Length..], n => Read(assembly.GetManifestResourceStream(n)!), StringComparer.Ordinal);
    }

    private static byte[] Read(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    private static string ContentType(string name) =>
        Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            ".json" => "application/json; charset=utf-8",
            _ => "application/octet-stream",
        };
}
