using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
using Workflows.Functions.Api;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>An event a caller proposes for a case, once it is known to be one the caller's role may send now.</summary>
/// <param name="Record">The case as read before the stage is claimed.</param>
/// <param name="Type">The event type (declared by the procedure).</param>
/// <param name="Payload">The request body as sent (<c>type</c> included).</param>
/// <param name="Actor">Who sends it.</param>
/// <param name="Rule">The procedure's declaration of the event (roles, required fields, article).</param>
public sealed record CaseEventProposal(CaseRecord Record, string Type, JsonElement Payload, Principal Actor, CaseEventRule Rule);

/// <summary>
/// A refusal at the point of decision that the law names (409/400 problem+json with the article), checked after the
/// event is known to be awaited and before it claims a stage. Register one per rule in DI; every precondition whose
/// <see cref="AppliesTo"/> names the case's procedure is asked, in registration order, and the first refusal wins.
/// The procedure's own <see cref="ICaseProcedure.CheckEventAsync"/> is asked first.
/// </summary>
public interface ICaseEventPrecondition
{
    bool AppliesTo(string procedure);

    /// <summary>Null accepts the event; otherwise the problem to answer.</summary>
    Task<IResult?> CheckAsync(CaseEventProposal proposal, CancellationToken cancellationToken);
}

/// <summary>
/// Accepting one case event (<c>POST /api/cases/{id}/events</c>): authorization (404 out of scope, 403 for a read-only
/// role or a role the event does not allow), the event's declaration (400 unknown type or missing field),
/// idempotency (the same Idempotency-Key or the same pending event answers as the first time), the case awaiting it
/// (409), the preconditions of the procedure (409/400 naming the article), one conditional write that claims the
/// case's next stage and keeps the envelope, and raising it to the orchestration.
/// </summary>
public sealed class CaseEventAcceptance(
    CaseStore cases,
    IdempotencyStore idempotency,
    CaseProcedureCatalog procedures,
    IEnumerable<ICaseEventPrecondition> preconditions,
    IBlobStore blobs,
    TimeProvider clock
)
{
    /// <summary>How often a claim is read again and retried after a write by the orchestration (a reminder, a timer).</summary>
    private const int ClaimAttempts = 5;

    private readonly IReadOnlyList<ICaseEventPrecondition> preconditions = preconditions.ToList();

    public async Task<IResult> AcceptAsync(
        HttpRequest request,
        string id,
        Principal principal,
        JsonElement json,
        IReadOnlyList<IntakeDocument> files,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        // Out of the caller's share, the case does not exist: 404 before anything names its events or its state.
        var record = await cases.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !CaseAccess.CanRead(principal, record))
        {
            return ApiProblems.NotFound($"No case '{id}' in your jurisdiction.");
        }

        var (rule, refused) = Authorize(record, principal, json, files.Count > 0);
        if (rule is null)
        {
            return refused!;
        }

        var attempt = new Attempt(record, rule, principal, json, files, request.Headers["Idempotency-Key"].ToString());
        if (await ReplayAsync(attempt, client, cancellationToken).ConfigureAwait(false) is { } replayed)
        {
            return replayed;
        }

        // After the replays above (a retry of an event already taken answers as the first time, whatever the ETag is
        // now), before anything is claimed: a decision sent on a page that is no longer true is refused (RFC 9110 §13.1.1).
        if ((CaseETag.Refuses(request, record) ?? NotAwaited(record, rule.Type)) is { } notNow)
        {
            return notNow;
        }

        if (await PreconditionsAsync(new CaseEventProposal(record, rule.Type, json, principal, rule), cancellationToken)
            .ConfigureAwait(false) is { } precondition)
        {
            return precondition;
        }

        return await ClaimAndRaiseAsync(attempt, client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The event's declaration when this caller may send it to this case; otherwise the 400/403 to answer.</summary>
    private (CaseEventRule? Rule, IResult? Problem) Authorize(CaseRecord record, Principal principal, JsonElement json, bool withFiles)
    {
        if (
            !json.TryGetProperty("type", out var typeElement)
            || typeElement.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(typeElement.GetString())
        )
        {
            return (null, ApiProblems.Validation("type", "event.type-required", "The event needs a string 'type'."));
        }

        var type = typeElement.GetString()!;
        if (!CaseAccess.CanAct(principal, record))
        {
            return (null, ApiProblems.Forbidden($"本角色仅可查阅，不得办理 (role '{principal.Role}' reads this case but never acts on it)."));
        }

        var rule = procedures.FindEvent(record.Procedure, type);
        if (rule is null)
        {
            var known = procedures.Find(record.Procedure)?.Events.Select(e => e.Type) ?? [];
            return (
                null,
                ApiProblems.Validation(
                    "type",
                    "event.unknown",
                    $"'{type}' is not an event of procedure '{record.Procedure}'; known: {string.Join(", ", known)}."
                )
            );
        }

        if (!rule.AllowedRoles.Contains(principal.Role))
        {
            return (
                null,
                ApiProblems.Forbidden(
                    $"'{type}' may be sent only by {string.Join(", ", rule.AllowedRoles)} ({rule.Article}); you are {principal.Role}."
                )
            );
        }

        if (withFiles && !EventAttachments.Takes(record.Procedure, type))
        {
            return (
                null,
                ApiProblems.Validation(
                    EventAttachments.FilesPart,
                    "event.documents-not-taken",
                    $"'{type}' takes no documents; send it as JSON ({rule.Article})."
                )
            );
        }

        var missing = rule.RequiredFields.Where(f => !HasValue(json, f)).ToList();
        return missing.Count == 0
            ? (rule, null)
            : (
                null,
                ApiProblems.Validation(
                    missing.Select(f => new ApiError(f, "event.required-field", $"'{type}' requires '{f}' ({rule.Article}).")).ToList()
                )
            );
    }

    /// <summary>
    /// The answer of the first attempt when this is a retry: the same Idempotency-Key (a different body is 409), or the
    /// same caller's same event still pending on the case (a lost response or a killed host: finish the first
    /// attempt's job instead of refusing it, or the case would wait for nothing). Null for a new event.
    /// </summary>
    private async Task<IResult?> ReplayAsync(Attempt attempt, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var record = attempt.Record;
        if (attempt.HasKey)
        {
            var seen = await idempotency.FindAsync(attempt.Scope, attempt.Key, cancellationToken).ConfigureAwait(false);
            if (seen is not null)
            {
                return seen.RequestHash != attempt.RequestHash
                    ? ApiProblems.Conflict("This Idempotency-Key was already used with a different event.")
                    : await ReplayedAsync(attempt, seen.CaseId, client, cancellationToken).ConfigureAwait(false);
            }
        }

        if (
            record.PendingEvent is not { } pending
            || record.Closed
            || pending.Envelope.ActorId != attempt.Principal.Id
            || pending.RequestHash != attempt.RequestHash
            || (pending.IdempotencyKey ?? string.Empty) != attempt.Key
        )
        {
            return null;
        }

        if (attempt.HasKey)
        {
            await idempotency
                .ClaimAsync(attempt.Scope, attempt.Key, pending.Envelope.EventId, attempt.RequestHash, cancellationToken)
                .ConfigureAwait(false);
        }

        return await ReplayedAsync(attempt, pending.Envelope.EventId, client, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> ReplayedAsync(
        Attempt attempt,
        string eventId,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        await RaiseAgainIfPendingAsync(attempt.Record, eventId, client, cancellationToken).ConfigureAwait(false);
        var caseId = attempt.Record.Id;
        return EventAccepted(
            caseId,
            eventId,
            new
            {
                caseId,
                eventId,
                type = attempt.Rule.Type,
                replayed = true,
                statusUrl = EventWait.StatusUrl(caseId, eventId),
            }
        );
    }

    private static IResult? NotAwaited(CaseRecord record, string type) =>
        record.Closed || !record.AwaitedEvents.Contains(type)
            ? ApiProblems.Conflict(
                record.Closed
                    ? $"Case {record.Id} is closed ({record.Outcome ?? record.State})."
                    : $"Case {record.Id} is '{record.State}' and does not accept '{type}' now; it accepts: "
                        + (record.AwaitedEvents.Count == 0
                            ? "nothing until the current event is processed"
                            : string.Join(", ", record.AwaitedEvents))
                        + "."
            )
            : null;

    private async Task<IResult?> PreconditionsAsync(CaseEventProposal proposal, CancellationToken cancellationToken)
    {
        var record = proposal.Record;
        if (
            procedures.Find(record.Procedure) is { } owner
            && await owner.CheckEventAsync(record, proposal.Type, proposal.Payload, proposal.Actor, cancellationToken)
                .ConfigureAwait(false) is { } refusal
        )
        {
            return refusal;
        }

        foreach (var precondition in preconditions.Where(p => p.AppliesTo(record.Procedure)))
        {
            if (await precondition.CheckAsync(proposal, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>
    /// One conditional write claims the stage AND keeps the envelope: whatever happens after it, the same caller's
    /// retry can raise exactly this event again, and the orchestration drops a repeat by its id. The write loses to ANY
    /// change of the record since it was read; only a change of the stage (another event claimed it) or of the awaited
    /// events refuses this event. A publish by the orchestration (overdue, reminder) is read again and the claim retried.
    /// </summary>
    private async Task<IResult> ClaimAndRaiseAsync(Attempt attempt, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (record, principal, type) = (attempt.Record, attempt.Principal, attempt.Rule.Type);
        var now = clock.GetUtcNow();
        var eventId = $"{record.Id}-e{record.Stage + 1}";
        // Documents first, under the event's own prefix: the claim below lists them on the case in the same write that
        // takes the stage, so a refused claim leaves the case as it was.
        var documents = await EventAttachments
            .StoreAsync(blobs, record.Id, eventId, attempt.Files, principal, now, cancellationToken)
            .ConfigureAwait(false);
        var envelope = new CaseEventEnvelope(
            eventId,
            type,
            principal.Id,
            principal.Name,
            principal.Role.ToString(),
            now,
            EventAttachments.PayloadWith(attempt.Json, documents)
        );
        for (var tries = 1; ; tries++)
        {
            try
            {
                // With the version read: the list index rewrites only the rows the claim changed (issue 22).
                var claimed = Claimed(attempt, record, envelope, documents, now);
                await cases.ReplaceAsync(claimed, record, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (StorageConflictException)
            {
                var current = await cases.GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
                if (current is null || current.Stage != record.Stage || tries >= ClaimAttempts)
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

        if (attempt.HasKey)
        {
            await idempotency.ClaimAsync(attempt.Scope, attempt.Key, eventId, attempt.RequestHash, cancellationToken).ConfigureAwait(false);
        }

        await client
            .RaiseEventAsync(record.OrchestrationId ?? record.Id, CaseEventEnvelope.EventName, envelope, cancellationToken)
            .ConfigureAwait(false);
        return EventAccepted(
            record.Id,
            eventId,
            new
            {
                caseId = record.Id,
                eventId,
                type,
                stage = record.Stage + 1,
                statusUrl = EventWait.StatusUrl(record.Id, eventId),
            }
        );
    }

    private static CaseRecord Claimed(
        Attempt attempt,
        CaseRecord record,
        CaseEventEnvelope envelope,
        IReadOnlyList<CaseDocument> documents,
        DateTimeOffset now
    ) =>
        record with
        {
            Stage = record.Stage + 1,
            AwaitedEvents = [],
            UpdatedUtc = now,
            Documents = EventAttachments.Merge(record.Documents, documents),
            // A party answering a public notice becomes a participant: it keeps seeing the case it objected to.
            ParticipantIds =
                AccessPolicy.RecordsParticipant(attempt.Principal.Role) && !record.ParticipantIds.Contains(attempt.Principal.Id)
                    ? [.. record.ParticipantIds, attempt.Principal.Id]
                    : record.ParticipantIds,
            PendingEvent = new PendingCaseEvent(envelope, attempt.HasKey ? attempt.Key : null, attempt.RequestHash),
        };

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

    private static bool HasValue(JsonElement json, string field) =>
        json.TryGetProperty(field, out var v)
        && v.ValueKind switch
        {
            JsonValueKind.String => !string.IsNullOrWhiteSpace(v.GetString()),
            JsonValueKind.Array => v.GetArrayLength() > 0,
            JsonValueKind.Null or JsonValueKind.Undefined => false,
            _ => true,
        };

    /// <summary>One caller's attempt at one event: the idempotency scope is the case and the caller.</summary>
    private sealed record Attempt(
        CaseRecord Record,
        CaseEventRule Rule,
        Principal Principal,
        JsonElement Json,
        IReadOnlyList<IntakeDocument> Files,
        string Key
    )
    {
        public bool HasKey => !string.IsNullOrEmpty(Key);

        public string Scope => $"event|{Record.Id}|{Principal.Id}";

        // The documents are part of the request: the same key with other files is another request.
        public string RequestHash { get; } =
            IdempotencyStore.Hash(
                Files.Count == 0 ? Json.GetRawText() : Json.GetRawText() + "|" + string.Join(",", Files.Select(f => IdempotencyStore.Hash(f.Data)))
            );
    }
}
