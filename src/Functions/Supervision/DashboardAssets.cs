using Microsoft.AspNetCore.Http;
using Workflows.Functions.Documents;
using Workflows.Functions.Http;

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
    private static readonly EmbeddedAssets Assets = new(ResourcePrefix);

    /// <summary>How many assets the table holds: the embedded files, and nothing a request added.</summary>
    public static int CachedEntryCount => Assets.Names.Count;

    public static IResult Serve(string? path)
    {
        var name = string.IsNullOrEmpty(path) || path.EndsWith('/') ? (path ?? string.Empty) + "index.html" : path;
        return Assets.TryGet(name, out var content)
            ? new SecuredResult(Results.Bytes(content, EmbeddedAssets.ContentType(name)), SecurityHeaders.Dashboard)
            : Results.NotFound();
    }
}
