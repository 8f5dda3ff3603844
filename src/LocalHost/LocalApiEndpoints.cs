using Microsoft.DurableTask.Client;
using Workflows.Functions.Api;
using Workflows.Functions.Cases;
using Workflows.Functions.Contract;

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
        api.MapPost(
            "/probes/timer",
            (HttpRequest r, InstancesApi h, DurableTaskClient c, CancellationToken ct) => h.StartTimerProbeAsync(r, c, ct)
        );
        api.MapGet(
            "/instances/{id}",
            (HttpRequest r, string id, InstancesApi h, DurableTaskClient c, CancellationToken ct) => h.GetAsync(r, id, c, ct)
        );

        api.MapGet("/calendar/deadline", (HttpRequest r, CalendarApi h, CancellationToken ct) => h.GetDeadlineAsync(r, ct));
        api.MapGet("/calendar/{year}", (string year, CalendarApi h, CancellationToken ct) => h.GetYearAsync(year, ct));
        api.MapGet("/identifiers/uscc/{code}", (string code, IdentifiersApi h) => h.CheckUscc(code));
        api.MapGet("/identifiers/resident-id/{id}", (string id, IdentifiersApi h) => h.CheckResidentId(id));

        api.MapGet("/cases", (HttpRequest r, CasesApi h, CancellationToken ct) => h.ListAsync(r, ct));
        api.MapGet("/cases/{id}", (HttpRequest r, string id, CasesApi h, CancellationToken ct) => h.GetAsync(r, id, ct));
        api.MapPost(
            "/cases/{id}/events",
            (HttpRequest r, string id, CasesApi h, DurableTaskClient c, CancellationToken ct) => h.PostEventAsync(r, id, c, ct)
        );
        api.MapGet(
            "/cases/{id}/audit/verify",
            (HttpRequest r, string id, AuditVerifyApi h, CancellationToken ct) => h.VerifyAsync(r, id, ct)
        );
        api.MapGet(
            "/cases/{id}/documents/{name}",
            (HttpRequest r, string id, string name, CasesApi h, CancellationToken ct) => h.GetDocumentAsync(r, id, name, ct)
        );

        api.MapGet("/quarantine", (HttpRequest r, QuarantineApi h, CancellationToken ct) => h.ListAsync(r, ct));
        api.MapGet("/worklist", (HttpRequest r, WorklistApi h, CancellationToken ct) => h.ListAsync(r, ct));
        api.MapGet("/cases/{id}/actions", (HttpRequest r, string id, WorklistApi h, CancellationToken ct) => h.ActionsAsync(r, id, ct));

        api.MapMarketEntitiesApi();
        api.MapEnergyApi();
        api.MapFactoryApi();
        api.MapPatentAwardApi();
        api.MapTwoHighApi();
        api.MapPowerApi();
        api.MapSupervisionApi();
        api.MapRegisterApi();
        api.MapGet("/openapi.json", (ContractApi h) => h.OpenApi());
        api.MapGet("/docs/{*path}", (string? path) => ApiDocsAssets.Serve(path));
        api.MapGet("/problems", ContractApi.Problems);
        api.MapGet("/problems/{rule}", (string rule) => ContractApi.Problem(rule));
        api.MapMethods(
            "/{*path}",
            ["GET", "POST", "PUT", "PATCH", "DELETE"],
            (HttpRequest r, string? path) => ContractApi.Unmatched(r, path)
        );
        app.MapDashboardHome();
        return app;
    }
}
