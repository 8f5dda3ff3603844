using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.Texts;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <param name="Carry">Null for a new tracker; the state of the previous generation when it continued as new (version 2).</param>
public sealed record TrackerInput(string CaseId, string Agency, TrackerCaseData Data, TrackerCarry? Carry = null);

/// <summary>What a tracker carries into its next generation: its flow (handled events, calendar changes) and its deadline watch.</summary>
public sealed record TrackerCarry(FlowCarry Flow, WatchCarry Watch);

/// <summary>
/// A statutory period around a registered entity (Decree 746 Art. 24, 26, 29, 30, 32; kinds in trackers.json):
/// reminders before the deadline, red and escalated when missed, closed by <c>comply</c> (late when after the
/// deadline) or <c>cancel</c>.
/// </summary>
public sealed class TrackerOrchestration : TaskOrchestrator<TrackerInput, string>
{
    [Function(nameof(TrackerOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TrackerOrchestration().RunAsync(
            context,
            context.GetInput<TrackerInput>() ?? throw new InvalidOperationException("TrackerOrchestration needs an input.")
        );

    /// <summary>The result of a generation that continued as new (the case goes on in the next generation).</summary>
    public const string ContinuedAsNew = "continued-as-new";

    /// <summary>The outcome of an obligation done after its deadline.</summary>
    public const string FulfilledLate = "fulfilled-late";

    /// <summary>The longest a version-2 generation waits (5 of the SDK's 3-day timer chunks).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromDays(15);

    private static readonly string[] Awaited = [MarketEntityEvents.Comply, MarketEntityEvents.Cancel];

    public override async Task<string> RunAsync(TaskOrchestrationContext context, TrackerInput input)
    {
        var flow = new CaseFlow(context, input.CaseId, input.Carry?.Flow);
        // The kind's period, reminders, article and obligation are resolved outside the orchestrator: the period and its
        // reminder days by ComputeDeadlineActivity (in the recorded deadline), the texts at intake (the case data).
        var beforeVersion5 = !context.IsAtLeast(OrchestrationVersions.RemindersInDeadline);
        var watch = input.Carry is { } carry ? DeadlineWatch.Restore(carry.Watch) : await StartAsync(flow, input, beforeVersion5);

        // Version 2 (issue 17 item 5): a tracker may wait up to 3 years (Art. 30 para 4) through reminders, calendar
        // changes and ignored events; it handles one wake per generation and continues as new with its state, so its
        // history stays bounded. Instances started on version 1 keep looping in one generation, as they always did.
        var continues = context.IsAtLeast(OrchestrationVersions.TrackerContinuesAsNew);
        while (true)
        {
            var wakeAt = continues ? Checkpoint(flow.Now, watch.NextWake) : watch.NextWake;
            var (outcome, next) = await OnWakeAsync(flow, input, watch, await flow.NextAsync(wakeAt), beforeVersion5);
            if (outcome is not null)
            {
                return outcome;
            }

            watch = next;

            if (continues && !flow.HasUntakenWake)
            {
                context.ContinueAsNew(
                    new ContinueAsNewOptions
                    {
                        NewInput = input with { Carry = new TrackerCarry(flow.Carry(), watch.Carry()) },
                        NewVersion = context.Version,
                        PreserveUnprocessedEvents = true,
                    }
                );
                return ContinuedAsNew;
            }
        }
    }

    /// <summary>
    /// Version 2 wakes at least every <see cref="CheckpointInterval"/>: the SDK waits out a long timer as a chain of
    /// 3-day timers (the Azure Storage queue limit), each adding to the history, so a generation that waited the
    /// whole 3 years would still hold some 1,500 events. A checkpoint wake finds nothing due and continues as new.
    /// </summary>
    private static DateTimeOffset? Checkpoint(DateTimeOffset now, DateTimeOffset? wake) =>
        wake is { } at && at - now > CheckpointInterval ? now + CheckpointInterval : wake;

    private static async Task<DeadlineWatch> StartAsync(CaseFlow flow, TrackerInput input, bool beforeVersion5)
    {
        var data = input.Data;
        var request = new DeadlineRequest(data.Start.Kind, data.Obligation, data.Start.Kind, data.Start.TriggerDate, Role.Enterprise);
        var deadline = await flow.ComputeAsync(request);
        var watch = new DeadlineWatch(request, deadline, Reminders(input, deadline, beforeVersion5));
        var summary =
            $"{data.Obligation} by {deadline.Due:yyyy-MM-dd}: {deadline.Amount} " + $"({deadline.Rule}) from {request.Start:yyyy-MM-dd}.";
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = TrackerStates.Open,
                AwaitedEvents = Awaited,
                Deadline = watch.Deadline,
                Audit = [flow.SystemAudit("deadline-0", "deadline-set", data.Article, summary, watch.Deadline.Explanation)],
            }
        );
        return watch;
    }

    /// <summary>Handles one wake: the outcome when the case closes (else null) and the watch to keep.</summary>
    private static async Task<(string? Outcome, DeadlineWatch Watch)> OnWakeAsync(
        CaseFlow flow,
        TrackerInput input,
        DeadlineWatch watch,
        Wake wake,
        bool beforeVersion5
    )
    {
        switch (wake.Reason)
        {
            case WakeReason.CalendarChanged:
                return (null, await flow.RecomputeAsync(watch, wake.Calendar!, d => Reminders(input, d, beforeVersion5)));
            case WakeReason.Timer:
                await OnTimerAsync(flow, input, watch);
                return (null, watch);
            default:
                return (await OnEventAsync(flow, input, watch, wake.Event!), watch);
        }
    }

    private static async Task OnTimerAsync(CaseFlow flow, TrackerInput input, DeadlineWatch watch)
    {
        var now = flow.Now;
        var start = input.Data.Start;
        if (watch.MarkOverdue(now))
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = TrackerStates.Overdue,
                    Audit =
                    [
                        flow.SystemAudit(
                            $"overdue-{watch.Deadline.Due:yyyyMMdd}",
                            "overdue",
                            input.Data.Article,
                            TextLine.Of("audit.tracker.overdue", ("obligation", input.Data.Obligation), ("due", watch.Deadline.Due))
                        ),
                    ],
                    Notifications =
                    [
                        new NotificationRequest(
                            $"overdue-{watch.Deadline.Due:yyyyMMdd}-enterprise",
                            Role.Enterprise,
                            input.Agency,
                            "overdue",
                            $"{start.EntityName}: {input.Data.Obligation} was due {watch.Deadline.Due:yyyy-MM-dd}.",
                            input.Data.Article
                        ),
                        new NotificationRequest(
                            $"overdue-{watch.Deadline.Due:yyyyMMdd}-officer",
                            Role.RegistrationOfficer,
                            input.Agency,
                            "escalation",
                            $"{start.EntityName} ({start.Uscc}) missed: {input.Data.Obligation}.",
                            input.Data.Article
                        ),
                    ],
                }
            );
            return;
        }

        foreach (var reminder in watch.TakeDueReminders(now))
        {
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    Audit = [flow.SystemAudit(reminder.Key, "reminder", input.Data.Article, reminder.Message)],
                    Notifications =
                    [
                        new NotificationRequest(
                            reminder.Key,
                            Role.Enterprise,
                            input.Agency,
                            "reminder",
                            $"{start.EntityName}: {reminder.Message}",
                            input.Data.Article
                        ),
                    ],
                }
            );
        }
    }

    private static Task<string?> OnEventAsync(CaseFlow flow, TrackerInput input, DeadlineWatch watch, CaseEventEnvelope evt) =>
        evt.Type switch
        {
            MarketEntityEvents.Comply => ComplyAsync(flow, input, watch, evt),
            MarketEntityEvents.Cancel => CancelAsync(flow, input, evt),
            _ => IgnoredAsync(flow, input, evt),
        };

    private static async Task<string?> ComplyAsync(CaseFlow flow, TrackerInput input, DeadlineWatch watch, CaseEventEnvelope evt)
    {
        var data = input.Data;
        var late = watch.IsPast(evt.AcceptedUtc);
        data = data with
        {
            FulfilledOn = ChinaTime.ToLegalDate(evt.AcceptedUtc),
            Evidence = string.Join("; ", MarketEntityEventPayloads.Read<ComplyPayload>(evt).Evidence ?? []),
        };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = TrackerStates.Fulfilled,
                Outcome = late ? FulfilledLate : TrackerStates.Fulfilled,
                Close = true,
                Late = late,
                DataJson = CaseFlow.Json(data),
                Audit =
                [
                    flow.EventAudit(
                        evt,
                        "fulfilled",
                        input.Data.Article,
                        $"{input.Data.Obligation}: done on {data.FulfilledOn:yyyy-MM-dd}"
                            + $"{(late ? $", after the deadline {watch.Deadline.Due:yyyy-MM-dd} (late)" : string.Empty)}.",
                        late: late
                    ),
                ],
            }
        );
        return TrackerStates.Fulfilled;
    }

    private static async Task<string?> CancelAsync(CaseFlow flow, TrackerInput input, CaseEventEnvelope evt)
    {
        var data = input.Data;
        data = data with { CancelReason = MarketEntityEventPayloads.Read<ReasonPayload>(evt).Reason };
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = TrackerStates.Cancelled,
                Outcome = TrackerStates.Cancelled,
                Close = true,
                ClearDeadline = true,
                DataJson = CaseFlow.Json(data),
                Audit = [flow.EventAudit(evt, "cancelled", input.Data.Article, $"Tracking stopped: {data.CancelReason}")],
            }
        );
        return TrackerStates.Cancelled;
    }

    private static async Task<string?> IgnoredAsync(CaseFlow flow, TrackerInput input, CaseEventEnvelope evt)
    {
        await flow.IgnoreEventAsync(evt, Awaited, input.Data.Article);
        return null;
    }

    /// <summary>Reminders N days before the deadline, on the days trackers.json sets for the kind (resolved with the
    /// deadline in ComputeDeadlineActivity; <see cref="LegacyReminderDays"/> for deadlines recorded before issue 13).</summary>
    public static IEnumerable<Reminder> Reminders(TrackerInput input, CaseDeadline d, bool beforeVersion5)
    {
        ArgumentNullException.ThrowIfNull(input);
        var days = LegacyReminderDays.Of(d, input.Data.Start.Kind, beforeVersion5, []);
        return days.Select(n => new Reminder(
            ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
            $"reminder-{d.Due:yyyyMMdd}-{n}",
            $"{n} day(s) left: {input.Data.Obligation} by {d.Due:yyyy-MM-dd} ({input.Data.Article})."
        ));
    }
}
