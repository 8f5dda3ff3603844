using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Registry;
using Workflows.Functions.Telemetry;

namespace Workflows.Functions.Activities;

/// <summary>Publishes an orchestration's view of its case: record, deadline index, audit and outbox. Idempotent.</summary>
public sealed class UpdateCaseActivity(
    CaseStore cases,
    DeadlineIndex deadlines,
    AuditLog audit,
    NotificationOutbox outbox,
    WorkflowsMetrics? metrics = null,
    ILogger<UpdateCaseActivity>? logger = null,
    Functions.MarketEntities.RegisterFromCases? register = null
) : IActivity<CaseUpdate, CaseWritten>
{
    [Function(nameof(UpdateCaseActivity))]
    public Task<CaseWritten> RunFunction([ActivityTrigger] CaseUpdate input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<CaseWritten> RunAsync(CaseUpdate input, CancellationToken cancellationToken)
    {
        // One write per step (issue 22): the record and this step's audit rows in one transaction of the case's
        // partition; an entry about another case (none today) is appended on its own.
        foreach (var other in input.Audit.Where(a => a.CaseId != input.CaseId))
        {
            await audit.AppendAsync(other, cancellationToken).ConfigureAwait(false);
        }

        // Issue 14: a decision that changes an entity's legal status is written to the register here, in the step every
        // orchestration already runs, and before the case shows the outcome: whoever sees the decision finds the
        // register changed (idempotent: a retried update finds its change applied).
        CaseRecord? before = null;
        if (
            register is not null
            && input.Outcome is { } outcome
            && (before = await cases.GetAsync(input.CaseId, cancellationToken).ConfigureAwait(false)) is not null
        )
        {
            var decided = before with
            {
                Data = DataAfter(input, before.Data),
                UpdatedUtc = input.AtUtc ?? before.UpdatedUtc,
            };
            await register.ApplyAsync(decided, outcome, cancellationToken).ConfigureAwait(false);
        }

        var rows = new List<Storage.TableRow>();
        foreach (var entry in input.Audit.Where(a => a.CaseId == input.CaseId))
        {
            rows.Add(await audit.RowAsync(entry, cancellationToken).ConfigureAwait(false));
        }

        // The record read for the register is the one the write starts from (one read of the case per step).
        var write =
            await (
                before is null
                    ? cases.UpdateAsync(input.CaseId, current => Apply(input, current), rows, cancellationToken)
                    : cases.UpdateAsync(before, current => Apply(input, current), rows, cancellationToken)
            ).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Case {input.CaseId} does not exist.");
        // Chained after the write: a retry finds the rows stored and completes a chain an earlier attempt left short.
        await audit.ChainAsync(write.Audit, write.Inserted, cancellationToken).ConfigureAwait(false);
        var (updated, previous, closedNow) = (write.Updated, write.Previous.Deadline, input.Close && !write.Previous.Closed);

        if (previous is not null && (input.ClearDeadline || input.Close || (input.Deadline is not null && input.Deadline != previous)))
        {
            await deadlines.RemoveAsync(updated.Id, previous, cancellationToken).ConfigureAwait(false);
        }

        if (updated.Deadline is not null && !updated.Closed)
        {
            await deadlines
                .PutAsync(
                    new DeadlineEntry(updated.Id, updated.Agency, updated.Procedure, updated.Title, updated.Deadline),
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        foreach (var notification in input.Notifications)
        {
            await outbox.EnqueueAsync(updated.Id, notification, input.AtUtc ?? updated.UpdatedUtc, cancellationToken).ConfigureAwait(false);
        }

        if (closedNow)
        {
            RecordClosed(updated, previous);
        }

        // A receipt, not the record: the durable history keeps every activity's result for the life of the case, and no
        // orchestration reads the record back (issue 22: the whole record made ~11 KB of each waiting case's memory).
        return new CaseWritten(updated.Id, updated.State, updated.Closed);
    }

    /// <summary>The record after <paramref name="input"/>: a pure function of the stored record, so a retried write
    /// computes the same.</summary>
    private static CaseRecord Apply(CaseUpdate input, CaseRecord current)
    {
        var next = current with
        {
            State = input.State ?? current.State,
            AwaitedEvents = input.AwaitedEvents ?? current.AwaitedEvents,
            Deadline = input.ClearDeadline ? null : input.Deadline ?? current.Deadline,
            Outcome = input.Outcome ?? current.Outcome,
            Late = input.Late ?? current.Late,
            Parties = input.Parties ?? current.Parties,
            Data = DataAfter(input, current.Data),
            UpdatedUtc = input.AtUtc ?? current.UpdatedUtc,

            // Every handled event leaves an audit row keyed by its event id: from then on it needs no re-raise.
            PendingEvent =
                current.PendingEvent is { } pending && input.Audit.Any(a => a.Key == pending.Envelope.EventId)
                    ? null
                    : current.PendingEvent,
        };
        if (input.Close && !current.Closed)
        {
            next = next with
            {
                Closed = true,
                ClosedUtc = input.AtUtc,
                AwaitedEvents = [],
                OnTime = current.Deadline is null ? null : !(input.Late ?? current.Late),
            };
        }

        return next;
    }

    /// <summary>The case data after <paramref name="input"/>: replaced (DataJson), patched (DataPatchJson, version 6) or
    /// as stored.</summary>
    private static JsonElement? DataAfter(CaseUpdate input, JsonElement? stored) =>
        input.DataJson is not null ? JsonDocument.Parse(input.DataJson).RootElement.Clone()
        : input.DataPatchJson is not null ? CaseDataPatch.Apply(stored, input.DataPatchJson)
        : stored;

    /// <summary>Counted once, on the update that closed the case (a retried activity finds it closed already).</summary>
    private void RecordClosed(CaseRecord closed, CaseDeadline? deadline)
    {
        using var scope = logger?.BeginScope(LogScopes.Case(closed.Id, closed.Procedure, closed.Agency));
        logger?.LogInformation("Case {CaseId} closed in state {State} (on time: {OnTime}).", closed.Id, closed.State, closed.OnTime);
        metrics?.CaseClosed(closed.Procedure);
        if (deadline is not null && closed.ClosedUtc is { } closedUtc && DecisionTimeRatio(deadline, closedUtc) is { } ratio)
        {
            metrics?.DecisionTime(closed.Procedure, ratio);
        }
    }

    /// <summary>Time used over the time the law allowed, both from the start of the period's first legal day (China
    /// time) to the decision and to the end of the last (24:00): 1.0 is a decision at the very end of the last day.</summary>
    public static double? DecisionTimeRatio(CaseDeadline deadline, DateTimeOffset decidedUtc)
    {
        var start = ChinaTime.StartOfDayUtc(deadline.Start);
        var allowed = deadline.DueUtc - start;
        return allowed <= TimeSpan.Zero ? null : Math.Round((decidedUtc - start) / allowed, 4);
    }
}
