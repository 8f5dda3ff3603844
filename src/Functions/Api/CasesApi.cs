using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Cases;
using Workflows.Functions.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Documents;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Api;

/// <summary>The case API shared by every procedure: read one case, list cases, send typed events.</summary>
public sealed class CasesApi(
    RequestAuthorization authorization,
    CaseStore cases,
    AuditLog audit,
    IdempotencyStore idempotency,
    CaseProcedureCatalog procedures,
    IBlobStore blobs,
    TimeProvider clock
)
{
    public const int MaxPageSize = CaseListParameters.MaxPageSize;

    /// <summary><c>GET /api/cases/{id}</c>: the case, its light, its deadline with explanation, and its history.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var (wait, waitProblem) = EventWait.Parse(request.Query, id);
        if (waitProblem is not null)
        {
            return waitProblem;
        }

        var until = clock.GetUtcNow() + (wait?.Timeout ?? TimeSpan.Zero);
        while (true)
        {
            // The case and its history from one query of its partition (issue 22).
            var read = await cases.GetWithAuditAsync(id, cancellationToken).ConfigureAwait(false);
            if (read?.Record is not { } record || !CaseAccess.CanRead(principal, record))
            {
                return ApiProblems.NotFound($"No case '{id}' in your jurisdiction.");
            }

            var history = await audit.EntriesAsync(read.Audit, cancellationToken).ConfigureAwait(false);
            var view = CaseAccess.ForCasePage(principal, record, View(record, ChinaTime.Today(clock), history));
            request.HttpContext.Response.Headers.ETag = CaseETag.Of(record);
            if (wait is null)
            {
                return Results.Json(view, CaseJson.Response);
            }

            var recorded = EventWait.IsRecorded(record, history, wait.EventId);
            if (recorded || clock.GetUtcNow() >= until)
            {
                return Results.Json(EventWait.WithOutcome(view, wait.EventId, recorded), CaseJson.Response);
            }

            // Bounded polling of the store: the event's effect is written by an activity, possibly on another
            // instance, so the store is the one place every host can watch.
            await Task.Delay(EventWait.PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>GET /api/cases</c> with the filters of <see cref="CaseListParameters"/>: one page from the list index, newest
    /// first or most urgent first, and the token of the next page. <c>total</c> is given only when the answer is complete
    /// (no further page): counting a bureau's years of cases would read them all. <c>page=N</c> (older clients) walks the
    /// tokens from the first page.
    /// </summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var today = ChinaTime.Today(clock);
        var (parsed, invalid) = CaseListParameters.Parse(request.Query, principal, procedures, today);
        if (parsed is null)
        {
            return invalid!;
        }

        var (query, size) = (parsed.Query, parsed.PageSize);
        var page = await cases.PageAsync(principal, query, parsed.Position, size, cancellationToken).ConfigureAwait(false);
        var seen = 0;
        for (var number = 1; number < parsed.Page; number++)
        {
            if (page.ContinuationToken is null)
            {
                // Out of range is an error, not silently another page (a huge page number used to overflow back to page 1).
                return ApiProblems.Validation(
                    "page",
                    "page.range",
                    $"“page”超出范围：共 {number} 页 / 'page' {parsed.Page} is beyond the last page, {number}."
                );
            }

            seen += page.Items.Count;
            var (position, _) = CaseListIndex.ReadToken(page.ContinuationToken, parsed.Query.Sort);
            page = await cases.PageAsync(principal, parsed.Query, position, parsed.PageSize, cancellationToken).ConfigureAwait(false);
        }

        return Results.Json(
            new
            {
                page = parsed.Page,
                pageSize = parsed.PageSize,
                total = parsed.Position is null && page.ContinuationToken is null ? seen + page.Items.Count : (int?)null,
                continuationToken = page.ContinuationToken,
                next = page.ContinuationToken is null ? null : NextUrl(request, page.ContinuationToken),
                // A list never carries personal data in full, not even for the responsible officer (PIPL Art. 28).
                items = page.Items.Select(c => CaseAccess.Masked(View(c, today, null))),
            },
            CaseJson.Response
        );
    }

    /// <summary>The same query with the next page's token (and without a page number).</summary>
    private static string NextUrl(HttpRequest request, string token)
    {
        var query = request
            .Query.Where(p => p.Key is not ("continuationToken" or "page"))
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
            .Append($"continuationToken={Uri.EscapeDataString(token)}");
        return "/api/cases?" + string.Join('&', query);
    }

    /// <summary>
    /// <c>POST /api/cases/{id}/events</c> with <c>{"type": "...", ...}</c>. The role must be allowed for the event, the
    /// case must be awaiting it, and the event claims the case's next stage with an optimistic write: of two racing
    /// decisions exactly one wins and the other gets 409.
    /// </summary>
    public async Task<IResult> PostEventAsync(HttpRequest request, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var (principal, json) = (call.Principal, call.Json);
        // Out of the caller's share, the case does not exist: 404 before anything names its events or its state.
        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !CaseAccess.CanRead(principal, record))
        {
            return ApiProblems.NotFound($"No case '{id}' in your jurisdiction.");
        }

        if (
            !json.TryGetProperty("type", out var typeElement)
            || typeElement.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(typeElement.GetString())
        )
        {
            return ApiProblems.Validation("type", "event.type-required", "The event needs a string 'type'.");
        }

        var type = typeElement.GetString()!;
        if (!CaseAccess.CanAct(principal, record))
        {
            return ApiProblems.Forbidden($"本角色仅可查阅，不得办理 (role '{principal.Role}' reads this case but never acts on it).");
        }

        var rule = procedures.FindEvent(record.Procedure, type);
        if (rule is null)
        {
            var known = procedures.Find(record.Procedure)?.Events.Select(e => e.Type) ?? [];
            return ApiProblems.Validation(
                "type",
                "event.unknown",
                $"'{type}' is not an event of procedure '{record.Procedure}'; known: {string.Join(", ", known)}."
            );
        }

        if (!rule.AllowedRoles.Contains(principal.Role))
        {
            return ApiProblems.Forbidden(
                $"'{type}' may be sent only by {string.Join(", ", rule.AllowedRoles)} ({rule.Article}); you are {principal.Role}."
            );
        }

        var missing = rule.RequiredFields.Where(f => !HasValue(json, f)).ToList();
        if (missing.Count > 0)
        {
            return ApiProblems.Validation(
                missing.Select(f => new ApiError(f, "event.required-field", $"'{type}' requires '{f}' ({rule.Article}).")).ToList()
            );
        }

        var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
        var requestHash = IdempotencyStore.Hash(json.GetRawText());
        var scope = $"event|{record.Id}|{principal.Id}";
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            var seen = await idempotency.FindAsync(scope, idempotencyKey, cancellationToken).ConfigureAwait(false);
            if (seen is not null)
            {
                if (seen.RequestHash != requestHash)
                {
                    return ApiProblems.Conflict("This Idempotency-Key was already used with a different event.");
                }

                await RaiseAgainIfPendingAsync(record, seen.CaseId, client, cancellationToken).ConfigureAwait(false);
                var statusUrl = EventWait.StatusUrl(record.Id, seen.CaseId);
                return EventAccepted(
                    record.Id,
                    seen.CaseId,
                    new
                    {
                        caseId = record.Id,
                        eventId = seen.CaseId,
                        type,
                        replayed = true,
                        statusUrl,
                    }
                );
            }
        }

        if (
            record.PendingEvent is { } pending
            && !record.Closed
            && pending.Envelope.ActorId == principal.Id
            && pending.RequestHash == requestHash
            && (pending.IdempotencyKey ?? string.Empty) == idempotencyKey
        )
        {
            // The same caller sends the same event (with the same key, or none) while the case still holds it as
            // accepted but unrecorded: a retry after a lost response or a killed host. Finish the first attempt's job
            // instead of refusing it, or the case would wait for nothing.
            if (!string.IsNullOrEmpty(idempotencyKey))
            {
                await idempotency
                    .ClaimAsync(scope, idempotencyKey, pending.Envelope.EventId, requestHash, cancellationToken)
                    .ConfigureAwait(false);
            }

            await RaiseAgainIfPendingAsync(record, pending.Envelope.EventId, client, cancellationToken).ConfigureAwait(false);
            var pendingId = pending.Envelope.EventId;
            var pendingUrl = EventWait.StatusUrl(record.Id, pendingId);
            return EventAccepted(
                record.Id,
                pendingId,
                new
                {
                    caseId = record.Id,
                    eventId = pendingId,
                    type,
                    replayed = true,
                    statusUrl = pendingUrl,
                }
            );
        }

        // After the replays above (a retry of an event already taken answers as the first time, whatever the ETag is
        // now), before anything is claimed: a decision sent on a page that is no longer true is refused (RFC 9110 §13.1.1).
        if (CaseETag.Refuses(request, record) is { } stale)
        {
            return stale;
        }

        if (record.Closed || !record.AwaitedEvents.Contains(type))
        {
            return ApiProblems.Conflict(
                record.Closed
                    ? $"Case {record.Id} is closed ({record.Outcome ?? record.State})."
                    : $"Case {record.Id} is '{record.State}' and does not accept '{type}' now; it accepts: {(record.AwaitedEvents.Count == 0 ? "nothing until the current event is processed" : string.Join(", ", record.AwaitedEvents))}."
            );
        }

        if (
            procedures.Find(record.Procedure) is { } owner
            && await owner.CheckEventAsync(record, type, json, principal, cancellationToken).ConfigureAwait(false) is { } refusal
        )
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var eventId = $"{record.Id}-e{record.Stage + 1}";
        var envelope = new CaseEventEnvelope(
            eventId,
            type,
            principal.Id,
            principal.Name,
            principal.Role.ToString(),
            now,
            json.GetRawText()
        );
        // One conditional write claims the stage AND keeps the envelope: whatever happens after it, the same caller's
        // retry can raise exactly this event again, and the orchestration drops a repeat by its id. The write loses
        // to ANY change of the record since it was read; only a change of the stage (another event claimed it) or of
        // the awaited events refuses this event. A publish by the orchestration (overdue, reminder) is read again and
        // the claim retried.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await cases
                    .ReplaceAsync(
                        record with
                        {
                            Stage = record.Stage + 1,
                            AwaitedEvents = [],
                            UpdatedUtc = now,
                            // A party answering a public notice becomes a participant: it keeps seeing the case it objected to.
                            ParticipantIds =
                                AccessPolicy.RecordsParticipant(principal.Role) && !record.ParticipantIds.Contains(principal.Id)
                                    ? [.. record.ParticipantIds, principal.Id]
                                    : record.ParticipantIds,
                            PendingEvent = new PendingCaseEvent(
                                envelope,
                                string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
                                requestHash
                            ),
                        },
                        cancellationToken
                    )
                    .ConfigureAwait(false);
                break;
            }
            catch (StorageConflictException)
            {
                var current = await cases.GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
                if (current is null || current.Stage != record.Stage || attempt >= 4)
                {
                    return ApiProblems.Conflict(
                        $"Case {record.Id} changed while this event was being accepted (another decision won); reload the case."
                    );
                }

                if (current.Closed || !current.AwaitedEvents.Contains(type))
                {
                    return ApiProblems.Conflict(
                        $"Case {record.Id} is now '{current.State}' and no longer accepts '{type}'; reload the case."
                    );
                }

                record = current;
            }
        }

        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            await idempotency.ClaimAsync(scope, idempotencyKey, eventId, requestHash, cancellationToken).ConfigureAwait(false);
        }

        await client
            .RaiseEventAsync(record.OrchestrationId ?? record.Id, CaseEventEnvelope.EventName, envelope, cancellationToken)
            .ConfigureAwait(false);
        var acceptedUrl = EventWait.StatusUrl(record.Id, eventId);
        return EventAccepted(
            record.Id,
            eventId,
            new
            {
                caseId = record.Id,
                eventId,
                type,
                stage = record.Stage + 1,
                statusUrl = acceptedUrl,
            }
        );
    }

    /// <summary>202 with the status URL in <c>Location</c>: a GET on it returns once the event is recorded (or after 30 s).</summary>
    private static IResult EventAccepted(string caseId, string eventId, object body) =>
        Results.Accepted(EventWait.StatusUrl(caseId, eventId), body);

    /// <summary>
    /// Raises the case's pending event again when it is <paramref name="eventId"/> and its orchestration has not yet
    /// recorded it: the first raise may have been lost with a killed host. A repeat is harmless (CaseEventInbox).
    /// </summary>
    private static async Task RaiseAgainIfPendingAsync(
        CaseRecord record,
        string eventId,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        if (record.PendingEvent is { } pending && pending.Envelope.EventId == eventId && !record.Closed)
        {
            await client
                .RaiseEventAsync(record.OrchestrationId ?? record.Id, CaseEventEnvelope.EventName, pending.Envelope, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary><c>GET /api/cases/{id}/documents/{name}</c>: a document stored under the case.</summary>
    public async Task<IResult> GetDocumentAsync(HttpRequest request, string id, string name, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request);
        if (principal is null)
        {
            return problem!;
        }

        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var doc = record?.Documents.FirstOrDefault(d => d.Name == name);
        if (record is null || doc is null || !CaseAccess.CanDownload(principal, record, doc))
        {
            return ApiProblems.NotFound($"No document '{name}' on case '{id}' in your jurisdiction.");
        }

        var content = await blobs.GetAsync(StorageNames.Documents, doc.BlobName, cancellationToken).ConfigureAwait(false);
        return content is null
            ? ApiProblems.NotFound($"Document '{name}' is missing from storage.")
            : DocumentDownload.Attachment(content.Data, doc.ContentType, doc.Name);
    }

    public static TrafficLight LightOf(CaseRecord c, DateOnly today) =>
        TrafficLights.Of(c.Closed, c.Deadline?.Due, c.Deadline?.WarningFrom, today);

    public static object View(CaseRecord c, DateOnly today, IReadOnlyList<AuditEntry>? history) =>
        new
        {
            c.Id,
            c.Procedure,
            c.Agency,
            c.Title,
            c.State,
            light = LightOf(c, today),
            c.Closed,
            c.Outcome,
            c.Late,
            c.OnTime,
            c.CreatedUtc,
            c.UpdatedUtc,
            c.ClosedUtc,
            c.Parties,
            c.Usccs,
            c.Deadline,
            c.AwaitedEvents,
            c.Stage,
            documents = c.Documents.Select(d => new
            {
                d.Name,
                d.ContentType,
                d.Length,
                d.Sha256,
                d.AddedUtc,
                d.AddedBy,
                url = $"/api/cases/{c.Id}/documents/{Uri.EscapeDataString(d.Name)}",
            }),
            c.Data,
            // Audit rows keep the role as recorded (replayed orchestrations read it); the API writes every role in one
            // casing, the camelCase of the event catalogue and of the enums ("registrationOfficer", "system").
            history = history?.Select(h => h with { ActorRole = JsonNamingPolicy.CamelCase.ConvertName(h.ActorRole) }),
        };

    private static bool HasValue(JsonElement json, string field) =>
        json.TryGetProperty(field, out var v)
        && v.ValueKind switch
        {
            JsonValueKind.String => !string.IsNullOrWhiteSpace(v.GetString()),
            JsonValueKind.Array => v.GetArrayLength() > 0,
            JsonValueKind.Null or JsonValueKind.Undefined => false,
            _ => true,
        };
}
