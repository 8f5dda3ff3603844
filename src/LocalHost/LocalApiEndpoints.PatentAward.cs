using Microsoft.DurableTask.Client;
using Workflows.Functions.PatentAward;

namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the mayor's patent award (the same routes as its Functions HTTP triggers).</summary>
public static class PatentAwardEndpoints
{
    public static IEndpointRouteBuilder MapPatentAwardApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(
            "/patent-award-rounds",
            (HttpRequest r, PatentAwardApi h, DurableTaskClient c, CancellationToken ct) => h.OpenRoundAsync(r, c, ct)
        );
        api.MapPost(
            "/patent-award-applications",
            (HttpRequest r, PatentAwardApi h, DurableTaskClient c, CancellationToken ct) => h.ApplyAsync(r, c, ct)
        );
        return api;
    }
}
