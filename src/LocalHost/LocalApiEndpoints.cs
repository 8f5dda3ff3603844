using Microsoft.DurableTask.Client;
using Workflows.Functions.Api;

namespace Workflows.LocalHost;

/// <summary>
/// The Functions app's HTTP routes, served by the same handler code the HTTP triggers call. A test compares these
/// routes with the generated functions.metadata so the two hosts cannot drift apart.
/// </summary>
public static class LocalApiEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", (HealthApi h, DurableTaskClient c, CancellationToken ct) => h.GetAsync(c, ct));
        api.MapPost("/probes/timer", (HttpRequest r, InstancesApi h, DurableTaskClient c, CancellationToken ct) => h.StartTimerProbeAsync(r, c, ct));
        api.MapGet("/instances/{id}", (string id, InstancesApi h, DurableTaskClient c, CancellationToken ct) => h.GetAsync(id, c, ct));
        return app;
    }
}
