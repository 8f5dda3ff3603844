using Microsoft.DurableTask.Client;
using Workflows.Functions.Power;

namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the proxy power area (the same routes as its Functions HTTP triggers).</summary>
public static class PowerEndpoints
{
    public static IEndpointRouteBuilder MapPowerApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(
            "/proxy-power-obligations",
            (HttpRequest r, PowerApi h, DurableTaskClient c, CancellationToken ct) => h.OpenObligationsAsync(r, c, ct)
        );
        api.MapPost("/proxy-power-users", (HttpRequest r, PowerApi h, DurableTaskClient c, CancellationToken ct) => h.OpenUserAsync(r, c, ct));
        return api;
    }
}
