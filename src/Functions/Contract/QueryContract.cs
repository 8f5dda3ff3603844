using Microsoft.AspNetCore.Http;
using Workflows.Functions.Http;

namespace Workflows.Functions.Contract;

/// <summary>
/// Refuses query parameters a route does not declare (<see cref="ApiQueryAttribute"/>) with 400 <c>query.unknown</c>:
/// before this, <c>uscc=</c> or <c>q=</c> on <c>/api/cases</c> were ignored and every case came back. Both hosts
/// run it in front of every <c>/api</c> handler (LocalHost: its pipeline; Functions: <see cref="QueryContractMiddleware"/>).
/// </summary>
public static class QueryContract
{
    public const string Rule = "query.unknown";

    private const string Prefix = "/api/";

    public static IResult? Refuse(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        if (request.Query.Count == 0 || !path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var route = ApiRouteTable.Find(request.Method, path[Prefix.Length..]);
        if (route is null)
        {
            return null; // the fallback answers 404 or 405
        }

        var unknown = request
            .Query.Keys.Where(k => !route.Query.Contains(k, StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        var accepted = route.Query.Count == 0 ? "无 / none" : string.Join(", ", route.Query);
        return ApiProblems.Validation([
            .. unknown.Select(name => new ApiError(
                name,
                Rule,
                $"不支持查询参数“{name}” / Query parameter '{name}' is not accepted by {request.Method} /api/{route.Template}; accepted: {accepted}."
            )),
        ]);
    }
}
