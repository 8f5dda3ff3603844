using Microsoft.DurableTask.Client;
using Workflows.Functions.MarketEntities;

namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the register of market entities (the same routes as its Functions HTTP triggers).</summary>
public static class RegisterEndpoints
{
    public static IEndpointRouteBuilder MapRegisterApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/register", (HttpRequest r, RegisterApi h, CancellationToken ct) => h.ListAsync(r, ct));
        api.MapGet("/register/{uscc}", (HttpRequest r, string uscc, RegisterApi h, CancellationToken ct) => h.GetAsync(r, uscc, ct));
        api.MapPost(
            "/register/{uscc}/changes",
            (HttpRequest r, string uscc, RegisterApi h, DurableTaskClient c, CancellationToken ct) => h.ChangeAsync(r, uscc, ct, c)
        );
        api.MapPost("/register/import", (HttpRequest r, RegisterApi h, CancellationToken ct) => h.ImportAsync(r, ct));
        api.MapPost(
            "/disqualifications/import",
            (HttpRequest r, RegisterApi h, CancellationToken ct) => h.ImportDisqualificationsAsync(r, ct)
        );
        api.MapPost("/disqualifications", (HttpRequest r, RegisterApi h, CancellationToken ct) => h.DisqualifyAsync(r, ct));
        api.MapGet("/disqualifications", (HttpRequest r, RegisterApi h, CancellationToken ct) => h.ListDisqualificationsAsync(r, ct));
        api.MapPost(
            "/disqualifications/{reference}/lift",
            (HttpRequest r, string reference, RegisterApi h, CancellationToken ct) => h.LiftDisqualificationAsync(r, reference, ct)
        );
        return api;
    }
}
