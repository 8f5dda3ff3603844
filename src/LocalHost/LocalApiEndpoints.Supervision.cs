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
        return app;
    }
}
