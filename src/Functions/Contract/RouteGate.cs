using Microsoft.AspNetCore.Http;

namespace Workflows.Functions.Contract;

/// <summary>
/// What both hosts check in front of every <c>/api</c> handler, from the route's own declarations: the query
/// parameters it declares (<see cref="QueryContract"/>: others 400 <c>query.unknown</c>) and the callers it admits
/// (<see cref="RouteAccess"/>: 401/403). LocalHost runs it in its pipeline, the Functions worker in
/// <see cref="QueryContractMiddleware"/>.
/// </summary>
public static class RouteGate
{
    private const string Prefix = "/api/";

    public static IResult? Refuse(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var route = ApiRouteTable.Find(request.Method, path[Prefix.Length..]);
        return route is null ? null : QueryContract.Refuse(request) ?? RouteAccess.Refuse(request, route);
    }
}
