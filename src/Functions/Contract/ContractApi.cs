using Microsoft.AspNetCore.Http;
using Workflows.Functions.Http;

namespace Workflows.Functions.Contract;

/// <summary>
/// The API's contract, served by both hosts: the OpenAPI document, the catalogue of problem rule codes (what a
/// problem's <c>type</c> resolves to), and the problem+json answer of a route or method the API does not have.
/// </summary>
public sealed class ContractApi(OpenApiDocument document)
{
    /// <summary><c>GET /api/openapi.json</c>.</summary>
    public IResult OpenApi() => Results.Text(document.Text, "application/json; charset=utf-8");

    /// <summary><c>GET /api/problems</c>: every rule code with its Chinese and English meaning.</summary>
    public static IResult Problems() =>
        Results.Json(ProblemCatalog.All.OrderBy(r => r.Code, StringComparer.Ordinal).Select(View), OpenApiDocument.Json);

    /// <summary><c>GET /api/problems/{rule}</c>: where a problem's <c>type</c> points.</summary>
    public static IResult Problem(string rule) =>
        ProblemCatalog.Find(rule) is { } entry
            ? Results.Json(View(entry), OpenApiDocument.Json)
            : ApiProblems.NotFound($"无此规则代码 / No rule code '{rule}'; the list is at /api/problems.");

    /// <summary>
    /// Any request no route takes: 405 with <c>Allow</c> when the path exists with other methods (RFC 9110 §15.5.6),
    /// else 404; both as problem+json.
    /// </summary>
    public static IResult Unmatched(HttpRequest request, string? path)
    {
        var methods = ApiRouteTable.MethodsFor(path ?? string.Empty);
        if (methods.Count == 0)
        {
            return ApiProblems.Create(
                StatusCodes.Status404NotFound,
                "route.not-found",
                $"无此接口 / No route {request.Method} /api/{path}; the routes are listed in /api/openapi.json."
            );
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", methods);
        return ApiProblems.Create(
            StatusCodes.Status405MethodNotAllowed,
            "method.not-allowed",
            $"此接口仅支持 {string.Join(", ", methods)} / /api/{path} answers {string.Join(", ", methods)}, not {request.Method}.",
            new Dictionary<string, object?> { ["allow"] = methods }
        );
    }

    private static object View(ProblemRule rule) =>
        new
        {
            rule = rule.Code,
            rule.Zh,
            rule.En,
            type = ProblemCatalog.TypePath + rule.Code,
        };
}
