using Microsoft.DurableTask.Client;
using Workflows.Functions.MarketEntities;

namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the MarketEntities area (the same routes as its Functions HTTP triggers).</summary>
public static class MarketEntitiesEndpoints
{
    public static IEndpointRouteBuilder MapMarketEntitiesApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(
            "/registrations",
            (HttpRequest r, MarketEntitiesApi h, DurableTaskClient c, CancellationToken ct) => h.RegisterAsync(r, c, ct)
        );
        api.MapPost(
            "/deregistrations/simplified",
            (HttpRequest r, MarketEntitiesApi h, DurableTaskClient c, CancellationToken ct) => h.DeregisterAsync(r, c, false, ct)
        );
        api.MapPost(
            "/deregistrations/individual-business",
            (HttpRequest r, MarketEntitiesApi h, DurableTaskClient c, CancellationToken ct) => h.DeregisterAsync(r, c, true, ct)
        );
        api.MapPost(
            "/revocations",
            (HttpRequest r, MarketEntitiesApi h, DurableTaskClient c, CancellationToken ct) => h.RevokeAsync(r, c, ct)
        );
        api.MapPost("/trackers", (HttpRequest r, MarketEntitiesApi h, DurableTaskClient c, CancellationToken ct) => h.TrackAsync(r, c, ct));
        return api;
    }
}
