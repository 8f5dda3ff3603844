using System.Text.Json;
using Microsoft.DurableTask;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities;
using Workflows.Domain.Texts;
using Workflows.Functions.Cases;
using Workflows.Functions.Registry;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <summary>Raised (external event <see cref="CaseFlow.CalendarChangedEvent"/>) when an official calendar year changed dates
/// the case's current period may touch; the orchestration recomputes its deadline through ComputeDeadlineActivity.</summary>
public sealed record CalendarChangedSignal(int Year, DateOnly EarliestAffectedDate, DateTimeOffset AtUtc, string? Notice);

public enum WakeReason
{
    Event,
    CalendarChanged,
    Timer,
}

public sealed record Wake(WakeReason Reason, CaseEventEnvelope? Event = null, CalendarChangedSignal? Calendar = null);

/// <summary>What a flow carries into its next generation: the calendar-change counter (audit keys stay unique) and the
/// case events it has handled (a resend is still dropped).</summary>
public sealed record FlowCarry(int CalendarChanges, IReadOnlyList<string> HandledEventIds);

/// <summary>A deadline watch as carried into the next generation.</summary>
public sealed record WatchCarry(DeadlineRequest Request, CaseDeadline Deadline, IReadOnlyList<Reminder> Pending, bool Overdue);

/// <summary>A reminder instant of a deadline.</summary>
public sealed record Reminder(DateTimeOffset AtUtc, string Key, string Message);

/// <summary>
/// The deadline a case is held to now, the request it was computed from (to recompute it when the calendar changes),
/// the reminders still to send and whether it has passed.
/// </summary>
public sealed class DeadlineWatch(DeadlineRequest request, CaseDeadline deadline, IEnumerable<Reminder> reminders)
{
    private readonly List<Reminder> pending = reminders.Where(r => r.AtUtc < deadline.DueUtc).OrderBy(r => r.AtUtc).ToList();

    public DeadlineRequest Request { get; } = request;

    public CaseDeadline Deadline { get; } = deadline;

    public bool Overdue { get; private set; }

    /// <summary>The next instant the orchestration must wake up for: a reminder, the deadline, or none once overdue.</summary>
    public DateTimeOffset? NextWake =>
        Overdue ? null
        : pending.Count > 0 ? pending[0].AtUtc
        : Deadline.DueUtc;

    public bool IsPast(DateTimeOffset now) => now >= Deadline.DueUtc;

    public WatchCarry Carry() => new(Request, Deadline, pending.ToList(), Overdue);

    public static DeadlineWatch Restore(WatchCarry carry)
    {
        var watch = new DeadlineWatch(carry.Request, carry.Deadline, carry.Pending);
        if (carry.Overdue)
        {
            watch.MarkOverdue(carry.Deadline.DueUtc);
        }

        return watch;
    }

    /// <summary>Reminders due at <paramref name="now"/> (none once the deadline itself has passed).</summary>
    public IReadOnlyList<Reminder> TakeDueReminders(DateTimeOffset now)
    {
        var due = IsPast(now) ? [] : pending.Where(r => r.AtUtc <= now).ToList();
        pending.RemoveAll(r => r.AtUtc <= now);
        return due;
    }

    /// <summary>True once, when the deadline has just been found passed.</summary>
    public bool MarkOverdue(DateTimeOffset now)
    {
        if (Overdue || !IsPast(now))
        {
            return false;
        }

        Overdue = true;
        pending.Clear();
        return true;
    }
}

/// <summary>
/// Helpers every market-entity orchestration shares: the replay-safe clock, publishing through UpdateCaseActivity,
/// computing deadlines through ComputeDeadlineActivity, and waiting for "a case event, a calendar change or a timer"
/// with ONE pending WaitForExternalEvent per event name reused across waits (a second wait would swallow events).
/// </summary>
public sealed class CaseFlow(TaskOrchestrationContext context, string caseId, FlowCarry? carried = null)
{
    /// <summary>External event name for calendar changes (separate from case events, so it needs no AwaitedEvents entry).</summary>
    public const string CalendarChangedEvent = "calendar-changed";

    private readonly CaseEventInbox inbox = new(context, carried?.HandledEventIds);
    private Task<CaseEventEnvelope>? pendingEvent;
    private Task<CalendarChangedSignal>? pendingCalendar;
    private int calendarChanges = carried?.CalendarChanges ?? 0;

    public string CaseId { get; } = caseId;

    public DateTimeOffset Now => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc), TimeSpan.Zero);

    public DateOnly Today => ChinaTime.ToLegalDate(Now);

    /// <summary>True when an event or calendar change has arrived that no wake has returned yet: continuing as new
    /// now would drop it (the SDK carries over only events no wait has received).</summary>
    public bool HasUntakenWake => pendingEvent is { IsCompleted: true } || pendingCalendar is { IsCompleted: true };

    /// <summary>What the next generation of this flow needs (ContinueAsNew).</summary>
    public FlowCarry Carry() => new(calendarChanges, inbox.Recent);

    public Task<CaseWritten> PublishAsync(CaseUpdate update) =>
        ActivityCalls.UpdateCase.RunAsync(context, update with { CaseId = CaseId, AtUtc = update.AtUtc ?? Now });

    public Task<CaseDeadline> ComputeAsync(DeadlineRequest request) => ActivityCalls.ComputeDeadline.RunAsync(context, request);

    public Task<TOutput> CallAsync<TInput, TOutput>(ActivityCall<TInput, TOutput> activity, TInput input) =>
        activity.RunAsync(context, input);

    /// <summary>An audit entry by the workflow itself (timers, reminders, escalations), dated now.</summary>
    public AuditEntry SystemAudit(string key, string action, string article, string summary, object? detail = null, bool late = false) =>
        AuditEntry.BySystem(CaseId, key, Now, action, article, summary, Detail(detail), late);

    /// <summary>An audit entry by the workflow itself whose summary is a catalogue text (issue 16): the row keeps the
    /// line, so each reader sees it in their language, and its summary is the Chinese text with its English pair.</summary>
    public AuditEntry SystemAudit(string key, string action, string article, TextLine summary, object? detail = null, bool late = false) =>
        SystemAudit(key, action, article, ServerTexts.Default.Pair(summary), detail, late) with { SummaryLine = summary };

    /// <summary>Records an event the law forbids in the case's state (nothing else changes) and awaits the same events.</summary>
    public Task<CaseWritten> RefuseEventAsync(CaseEventEnvelope evt, IReadOnlyList<string> awaited, string article, string summary) =>
        PublishAsync(
            new CaseUpdate
            {
                CaseId = CaseId,
                AwaitedEvents = awaited,
                Audit = [EventAudit(evt, "event-refused", article, summary)],
            }
        );

    /// <summary>Records an event the case's state does not take (nothing changes) and awaits the same events.</summary>
    public Task<CaseWritten> IgnoreEventAsync(CaseEventEnvelope evt, IReadOnlyList<string> awaited, string article) =>
        PublishAsync(
            new CaseUpdate
            {
                CaseId = CaseId,
                AwaitedEvents = awaited,
                Audit = [EventAudit(evt, "event-ignored", article, IgnoredText(evt.Type))],
            }
        );

    public static string IgnoredText(string type) => $"此状态下不能办理“{type}”，未作变更 / '{type}' is not possible in this state; nothing changed.";

    /// <summary>The case data as the case record stores it.</summary>
    public static string Json<T>(T data) => JsonSerializer.Serialize(data, CaseJson.Options);

    /// <summary>An audit entry for an accepted event (key = the event id, so a retried activity writes it once); its
    /// detail is the payload as sent unless <paramref name="detail"/> says more.</summary>
    public AuditEntry EventAudit(
        CaseEventEnvelope e,
        string action,
        string article,
        string summary,
        object? detail = null,
        bool late = false
    ) => AuditEntry.ByEvent(CaseId, e, action, article, summary, Detail(detail) ?? e.Payload(), late);

    /// <summary>Waits for the next case event, calendar change or <paramref name="wakeUtc"/> (no timer when null).</summary>
    public async Task<Wake> NextAsync(DateTimeOffset? wakeUtc)
    {
        pendingEvent ??= inbox.NextAsync();
        pendingCalendar ??= context.WaitForExternalEvent<CalendarChangedSignal>(CalendarChangedEvent, CancellationToken.None);
        if (pendingEvent.IsCompleted)
        {
            return TakeEvent();
        }

        if (wakeUtc is { } due && due <= Now)
        {
            return new Wake(WakeReason.Timer);
        }

        using var cts = new CancellationTokenSource();
        var tasks = new List<Task> { pendingEvent, pendingCalendar };
        if (wakeUtc is { } at)
        {
            tasks.Add(context.CreateTimer(at.UtcDateTime, cts.Token));
        }

        var winner = await Task.WhenAny(tasks);
        if (winner != tasks[^1] || wakeUtc is null)
        {
            // Synchronous on purpose: CancelAsync would resume the orchestrator on a thread-pool thread, outside the
            // durable scheduler, and the rest of the episode would be lost.
#pragma warning disable CA1849
            cts.Cancel();
#pragma warning restore CA1849
        }

        if (winner == pendingEvent)
        {
            return TakeEvent();
        }

        if (winner == pendingCalendar)
        {
            var signal = await pendingCalendar;
            pendingCalendar = null;
            return new Wake(WakeReason.CalendarChanged, Calendar: signal);
        }

        return new Wake(WakeReason.Timer);
    }

    /// <summary>
    /// Recomputes <paramref name="watch"/> on the changed calendar (the one place deadlines are computed) and records
    /// the outcome in the case history. Returns the new watch (reminders rebuilt by <paramref name="reminders"/>).
    /// <paramref name="shape"/> gives what else the one write publishes with it (the case data that records the due
    /// day, the state), so a recomputation stays one activity call.
    /// </summary>
    public async Task<DeadlineWatch> RecomputeAsync(
        DeadlineWatch watch,
        CalendarChangedSignal signal,
        Func<CaseDeadline, IEnumerable<Reminder>> reminders,
        Func<CaseDeadline, CaseUpdate>? shape = null
    )
    {
        calendarChanges++;
        var recomputed = await ComputeAsync(watch.Request);
        var changed = recomputed.Due != watch.Deadline.Due;
        var summary = TextLine.Of(
            changed ? "audit.calendar.deadline-moved" : "audit.calendar.deadline-stays",
            ("year", signal.Year),
            ("from", signal.EarliestAffectedDate),
            ("label", watch.Deadline.Label),
            ("previous", watch.Deadline.Due),
            ("recomputed", recomputed.Due)
        );
        await PublishAsync(
            (changed && shape is not null ? shape(recomputed) : new CaseUpdate { CaseId = CaseId }) with
            {
                Deadline = changed ? recomputed : null,
                Audit =
                [
                    SystemAudit(
                        $"calendar-{signal.Year}-{calendarChanges}",
                        changed ? "deadline-recomputed" : "deadline-confirmed",
                        recomputed.LegalBasis,
                        summary,
                        new
                        {
                            previous = watch.Deadline.Due,
                            recomputed = recomputed.Due,
                            recomputed.Explanation,
                            signal.Notice,
                        }
                    ),
                ],
            }
        );
        if (!changed)
        {
            return watch;
        }

        var next = new DeadlineWatch(watch.Request, recomputed, reminders(recomputed).Where(r => r.AtUtc > Now));
        return next;
    }

    private Wake TakeEvent()
    {
        var evt = pendingEvent!.Result;
        pendingEvent = null;
        return new Wake(WakeReason.Event, evt);
    }

    private static JsonElement? Detail(object? detail) =>
        detail is null ? null : JsonSerializer.SerializeToElement(detail, CaseJson.Options);
}
