using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflows.Functions.Identity;
using Workflows.Functions.Supervision;

namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the Supervision area (the same routes as its Functions HTTP triggers).</summary>
public static class SupervisionEndpoints
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/supervision/sweep", (HttpRequest r, SupervisionApi h, CancellationToken ct) => h.SweepAsync(r, ct));
        api.MapGet("/supervision/stats", (HttpRequest r, SupervisionApi h, CancellationToken ct) => h.StatsAsync(r, ct));
        api.MapGet("/reports/digests", (HttpRequest r, SupervisionApi h, CancellationToken ct) => h.DigestsAsync(r, ct));
        api.MapGet("/notifications", (HttpRequest r, SupervisionApi h, CancellationToken ct) => h.NotificationsAsync(r, ct));
        api.MapGet("/dashboard/{*path}", (string? path) => DashboardAssets.Serve(path));
        return api;
    }

    /// <summary>The dashboard's home at "/" as well (outside /api, so the route-parity test does not compare it).</summary>
    public static IEndpointRouteBuilder MapDashboardHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => DashboardAssets.Serve(null));
        app.MapGet("/local/dev-identities", DevelopmentIdentities);
        return app;
    }

    /// <summary>The development sign-in page's list: LocalHost's configured API keys by role (the same list its
    /// console prints at start). LocalHost only: on Azure the dashboard signs in through App Service authentication
    /// (<c>/.auth/login/aad</c>, <c>/.auth/me</c>) and no key exists to list.</summary>
    private static IResult DevelopmentIdentities(IOptions<IdentityOptions> options) =>
        Results.Json(
            new
            {
                items = options
                    .Value.ApiKeys.OrderBy(k => k.Role)
                    .Select(k => new
                    {
                        key = k.Key,
                        name = k.Name,
                        role = JsonNamingPolicy.CamelCase.ConvertName(k.Role.ToString()),
                        agency = k.Agency,
                    }),
            }
        );
}
