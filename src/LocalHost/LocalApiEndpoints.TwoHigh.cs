using Microsoft.DurableTask.Client;
using Workflows.Functions.TwoHigh;

namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the two-high family (the same routes as its Functions HTTP triggers).</summary>
public static class TwoHighEndpoints
{
    public static IEndpointRouteBuilder MapTwoHighApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(
            "/two-high/barometer",
            (HttpRequest r, TwoHighApi h, DurableTaskClient c, CancellationToken ct) => h.PublishBarometerAsync(r, c, ct)
        );
        api.MapPost(
            "/two-high/projects",
            (HttpRequest r, TwoHighApi h, DurableTaskClient c, CancellationToken ct) => h.ListProjectAsync(r, c, ct)
        );
        return api;
    }
}
