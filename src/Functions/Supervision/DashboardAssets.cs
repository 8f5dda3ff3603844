using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Workflows.Functions.Supervision;

/// <summary>
/// The supervision dashboard: static files embedded in this assembly (Web/**, logical names "Workflows.Web.&lt;path&gt;"),
/// served at /api/dashboard/{*path} by both hosts (and at / by LocalHost). Plain HTML/JS/CSS: no CDN, no build step.
/// </summary>
public sealed class DashboardAssets
{
    private const string ResourcePrefix = "Workflows.Web.";
    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    public static IResult Serve(string? path)
    {
        var name = string.IsNullOrEmpty(path) || path.EndsWith('/') ? (path ?? string.Empty) + "index.html" : path;
        if (name.Contains("..", StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var content = Cache.GetOrAdd(name, Load);
        return content is null ? Results.NotFound() : Results.Bytes(content, ContentType(name));
    }

    private static byte[]? Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };
}
