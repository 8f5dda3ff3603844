using Microsoft.AspNetCore.Http;
using Workflows.Functions.Documents;
using Workflows.Functions.Http;

namespace Workflows.Functions.Contract;

/// <summary>
/// The interactive API reference at <c>/api/docs/</c>: Scalar's browser bundle (pinned in tools/scalar, embedded at
/// build time) and our page that points it at <c>/api/openapi.json</c>. Like the dashboard's files, every asset is read
/// once into an immutable table; a request never adds to it. The policy allows this origin's own files only.
/// </summary>
public static class ApiDocsAssets
{
    /// <summary>Scalar renders with injected style elements, hence 'unsafe-inline' for styles only, never for script.</summary>
    public const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "Workflows.ApiDocs.";

    private static readonly EmbeddedAssets Assets = new(ResourcePrefix);

    private static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = Policy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["X-Frame-Options"] = "DENY",
    };

    /// <summary>The asset names the table holds (the embedded files, nothing a request added).</summary>
    public static IReadOnlyCollection<string> Names => Assets.Names;

    public static IResult Serve(string? path)
    {
        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        return Assets.TryGet(name, out var content)
            ? new SecuredResult(Results.Bytes(content, EmbeddedAssets.ContentType(name)), Headers)
            : ApiProblems.NotFound($"无此文件 / No file '{name}' in the API reference.");
    }
}
