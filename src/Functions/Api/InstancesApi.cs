using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations;

namespace Workflows.Functions.Api;

/// <summary>Orchestration instances: start the timer probe, read an instance's runtime state.</summary>
public sealed class InstancesApi(RequestAuthorization authorization, CaseStore cases, TimeProvider clock)
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
                return ApiProblems.Validation(
                    "delaySeconds",
                    "range",
                    $"delaySeconds must be an integer from 0 to {MaxProbeDelaySeconds}."
                );
            }
        }

        var note = json.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "probe";
        var input = new TimerProbeInput(clock.GetUtcNow().AddSeconds(delay), note);
        var id = await client
            .ScheduleNewOrchestrationInstanceAsync(nameof(TimerProbeOrchestration), input, cancellationToken)
            .ConfigureAwait(false);
        return Results.Accepted(
            $"/api/instances/{id}",
            new
            {
                id,
                statusUrl = $"/api/instances/{id}",
                startedBy = principal.Id,
            }
        );
    }

    /// <summary>
    /// <c>GET /api/instances/{id}</c>: runtime status only. A case's instance id is its case id, which travels in URLs,
    /// digests and notifications, so the caller needs the case's scope (the same check as <c>GET /api/cases/{id}</c>),
    /// and an instance that is no case (the timer probe) is the administrator's. Orchestration inputs and outputs are
    /// never returned: a case's input holds names, resident ID numbers, phones and addresses (PIPL Art. 28); the probe
    /// answers with its own typed fields.
    /// </summary>
    public async Task<IResult> GetAsync(HttpRequest request, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return ApiProblems.Validation("id", "instance-id", "The instance id must be 1 to 100 characters.");
        }

        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var inScope = record is null ? principal.Role == Role.Administrator : CaseAccess.CanRead(principal, record);
        var instance = inScope
            ? await client.GetInstanceAsync(id, getInputsAndOutputs: IsProbe(record), cancellationToken).ConfigureAwait(false)
            : null;
        if (instance is null || (record is null && instance.Name != nameof(TimerProbeOrchestration)))
        {
            return ApiProblems.NotFound($"No orchestration instance '{id}' in your scope.");
        }

        return Results.Json(
            new
            {
                id = instance.InstanceId,
                name = instance.Name,
                caseId = record?.Id,
                runtimeStatus = instance.RuntimeStatus.ToString(),
                createdAt = instance.CreatedAt,
                lastUpdatedAt = instance.LastUpdatedAt,
                failed = instance.FailureDetails is not null,
                probe = record is null ? ProbeView(instance) : null,
            }
        );
    }

    /// <summary>Only a non-case instance may be the probe; its payloads are read only to project the typed view.</summary>
    private static bool IsProbe(CaseRecord? record) => record is null;

    private static object ProbeView(OrchestrationMetadata instance)
    {
        var input = instance.ReadInputAs<TimerProbeInput>();
        var output = instance.IsCompleted ? instance.ReadOutputAs<TimerProbeResult>() : null;
        return new
        {
            fireAtUtc = input?.FireAtUtc,
            startedUtc = output?.StartedUtc,
            firedUtc = output?.FiredUtc,
            recorded = output?.Recorded,
        };
    }
}
