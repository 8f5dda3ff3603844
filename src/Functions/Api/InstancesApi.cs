using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations;

namespace Workflows.Functions.Api;

/// <summary>Orchestration instances: start the timer probe, read any instance's state.</summary>
public sealed class InstancesApi(RequestAuthorization authorization, TimeProvider clock)
{
    public const int MaxProbeDelaySeconds = 86_400;

    /// <summary><c>POST /api/probes/timer</c> with <c>{"delaySeconds": n, "note": "..."}</c> → 202 and the instance URL.</summary>
    public async Task<IResult> StartTimerProbeAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        var delay = 0;
        if (json.TryGetProperty("delaySeconds", out var d))
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out delay) || delay < 0 || delay > MaxProbeDelaySeconds)
            {
                return ApiProblems.Validation("delaySeconds", "range", $"delaySeconds must be an integer from 0 to {MaxProbeDelaySeconds}.");
            }
        }

        var note = json.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "probe";
        var input = new TimerProbeInput(clock.GetUtcNow().AddSeconds(delay), note);
        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerProbeOrchestration), input, cancellationToken).ConfigureAwait(false);
        return Results.Accepted($"/api/instances/{id}", new { id, statusUrl = $"/api/instances/{id}", startedBy = principal.Id });
    }

    /// <summary><c>GET /api/instances/{id}</c>: runtime status, custom status, input and output.</summary>
#pragma warning disable CA1822 // an API handler: instance method for DI symmetry with the other handlers
    public async Task<IResult> GetAsync(string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return ApiProblems.Validation("id", "instance-id", "The instance id must be 1 to 100 characters.");
        }

        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return ApiProblems.NotFound($"No orchestration instance '{id}'.");
        }

        return Results.Json(new
        {
            id = instance.InstanceId,
            name = instance.Name,
            runtimeStatus = instance.RuntimeStatus.ToString(),
            createdAt = instance.CreatedAt,
            lastUpdatedAt = instance.LastUpdatedAt,
            customStatus = Parse(instance.SerializedCustomStatus),
            input = Parse(instance.SerializedInput),
            output = Parse(instance.SerializedOutput),
            failure = instance.FailureDetails?.ErrorMessage,
        });
    }

#pragma warning restore CA1822

    private static JsonElement? Parse(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonDocument.Parse(json).RootElement.Clone();
}
