using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflows.Functions.Contract;
using Workflows.Functions.Http;

namespace Workflows.Functions.Triggers;

/// <summary>The contract routes (OpenAPI document, problem rule catalogue) and the problem+json answer of unknown
/// routes and wrong methods (a catch-all: the host routes literal segments before it).</summary>
public sealed class ContractTriggers(ContractApi api)
{
    [Function("GetOpenApiDocument")]
    public IActionResult OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) =>
        new ResultActionAdapter(api.OpenApi());

    [Function("ListProblemRules")]
    public static IActionResult Problems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "problems")] HttpRequest req) =>
        new ResultActionAdapter(ContractApi.Problems());

    [Function("GetProblemRule")]
    public static IActionResult Problem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "problems/{rule}")] HttpRequest req,
        string rule
    ) => new ResultActionAdapter(ContractApi.Problem(rule));

    /// <summary>The interactive reference (Scalar) of the document, served from this app's own files.</summary>
    [Function("ApiDocs")]
    public static IActionResult Docs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{*path}")] HttpRequest req,
        string? path
    ) => new ResultActionAdapter(ApiDocsAssets.Serve(path));

    [Function(ApiRouteTable.FallbackFunction)]
    public static IActionResult Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "{*path}")] HttpRequest req,
        string? path
    ) => new ResultActionAdapter(ContractApi.Unmatched(req, path));
}
