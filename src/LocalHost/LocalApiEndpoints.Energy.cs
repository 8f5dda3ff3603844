using Microsoft.DurableTask.Client;
using Workflows.Functions.Energy;

namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the Energy area (the same routes as its Functions HTTP triggers).</summary>
public static class EnergyEndpoints
{
    public static IEndpointRouteBuilder MapEnergyApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(
            "/coal-projects",
            (HttpRequest r, CoalProjectsApi h, DurableTaskClient c, CancellationToken ct) => h.CreateProjectAsync(r, c, ct)
        );
        api.MapPost("/coal-sources", (HttpRequest r, CoalProjectsApi h, CancellationToken ct) => h.RegisterSourceAsync(r, ct));
        api.MapPost(
            "/coal-projects/{id}/sources",
            (HttpRequest r, string id, CoalProjectsApi h, DurableTaskClient c, CancellationToken ct) => h.AllocateSourceAsync(r, id, c, ct)
        );
        api.MapGet(
            "/coal-projects/{id}/sources",
            (HttpRequest r, string id, CoalProjectsApi h, CancellationToken ct) => h.ProjectSourcesAsync(r, id, ct)
        );
        api.MapPost(
            "/coal-projects/{id}/report",
            (HttpRequest r, string id, CoalProjectsApi h, DurableTaskClient c, CancellationToken ct) => h.UploadReportAsync(r, id, c, ct)
        );
        api.MapPost("/coal-suspensions", (HttpRequest r, CoalProjectsApi h, CancellationToken ct) => h.CreateSuspensionAsync(r, ct));
        api.MapGet("/coal-suspensions", (HttpRequest r, CoalProjectsApi h, CancellationToken ct) => h.ListSuspensionsAsync(r, ct));
        api.MapDelete(
            "/coal-suspensions/{id}",
            (HttpRequest r, string id, CoalProjectsApi h, CancellationToken ct) => h.LiftSuspensionAsync(r, id, ct)
        );
        api.MapPost("/retrofit-programmes", (HttpRequest r, RetrofitApi h, CancellationToken ct) => h.CreateProgrammeAsync(r, ct));
        api.MapPost(
            "/retrofit-programmes/{id}/start",
            (HttpRequest r, string id, RetrofitApi h, DurableTaskClient c, CancellationToken ct) => h.StartProgrammeAsync(r, id, c, ct)
        );
        api.MapPost(
            "/retrofit-programmes/{id}/units",
            (HttpRequest r, string id, RetrofitApi h, DurableTaskClient c, CancellationToken ct) => h.ImportUnitsAsync(r, id, c, ct)
        );
        api.MapPost(
            "/retrofit-projects",
            (HttpRequest r, RetrofitApi h, DurableTaskClient c, CancellationToken ct) => h.CreateProjectAsync(r, c, ct)
        );
        return api;
    }
}
