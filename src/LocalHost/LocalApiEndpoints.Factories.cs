using Microsoft.DurableTask.Client;
using Workflows.Functions.Factories;

namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the standard-factory area (the same routes as its Functions HTTP triggers).</summary>
public static class FactoryEndpoints
{
    public static IEndpointRouteBuilder MapFactoryApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(
            "/standard-factory-rounds",
            (HttpRequest r, FactoryRoundsApi h, DurableTaskClient c, CancellationToken ct) => h.OpenAsync(r, c, ct)
        );
        return api;
    }
}
