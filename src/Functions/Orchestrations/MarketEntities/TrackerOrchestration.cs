using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using static Workflows.Functions.Orchestrations.MarketEntities.RegistrationOrchestration;

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

    /// <summary>The longest a version-2 generation waits (5 of the SDK's 3-day timer chunks).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromDays(15);

    private static readonly string[] Awaited = ["comply", "cancel"];

    public override async Task<string> RunAsync(TaskOrchestrationContext context, TrackerInput input)
    {
        var flow = new CaseFlow(context, input.CaseId, input.Carry?.Flow);
        // The kind's period, reminders, article and obligation are resolved outside the orchestrator: the period and its
        // reminder days by ComputeDeadlineActivity (in the recorded deadline), the texts at intake (the case data).
        var watch = input.Carry is { } carry ? DeadlineWatch.Restore(carry.Watch) : await StartAsync(flow, input);

        // Version 2 (issue 17 item 5): a tracker may wait up to 3 years (Art. 30 para 4) through reminders, calendar
        // changes and ignored events; it handles one wake per generation and continues as new with its state, so its
        // history stays bounded. Instances started on version 1 keep looping in one generation, as they always did.
        var continues = context.IsAtLeast(OrchestrationVersions.TrackerContinuesAsNew);
        while (true)
        {
            var wakeAt = continues ? Checkpoint(flow.Now, watch.NextWake) : watch.NextWake;
            var (outcome, next) = await OnWakeAsync(flow, input, watch, await flow.NextAsync(wakeAt));
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

    private static async Task<DeadlineWatch> StartAsync(CaseFlow flow, TrackerInput input)
    {
        var data = input.Data;
        var request = new DeadlineRequest(data.Start.Kind, data.Obligation, data.Start.Kind, data.Start.TriggerDate, Role.Enterprise);
        var deadline = await flow.ComputeAsync(request);
        var watch = new DeadlineWatch(request, deadline, Reminders(input, deadline));
        var summary =
            $"{data.Obligation} by {deadline.Due:yyyy-MM-dd}: {deadline.Amount} " + $"({deadline.Rule}) from {request.Start:yyyy-MM-dd}.";
        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                State = "open",
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
        Wake wake
    )
    {
        switch (wake.Reason)
        {
            case WakeReason.CalendarChanged:
                return (null, await flow.RecomputeAsync(watch, wake.Calendar!, d => Reminders(input, d)));
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
                    State = "overdue",
                    Audit =
                    [
                        flow.SystemAudit(
                            $"overdue-{watch.Deadline.Due:yyyyMMdd}",
                            "overdue",
                            input.Data.Article,
                            $"Missed: {input.Data.Obligation} was due {watch.Deadline.Due:yyyy-MM-dd}; escalated to the registration authority."
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

    private static async Task<string?> OnEventAsync(CaseFlow flow, TrackerInput input, DeadlineWatch watch, CaseEventEnvelope evt)
    {
        var data = input.Data;
        if (evt.Type == "comply")
        {
            var late = watch.IsPast(evt.AcceptedUtc);
            data = data with
            {
                FulfilledOn = ChinaTime.ToLegalDate(evt.AcceptedUtc),
                Evidence = string.Join("; ", Strings(evt, "evidence")),
            };
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = "fulfilled",
                    Outcome = late ? "fulfilled-late" : "fulfilled",
                    Close = true,
                    Late = late,
                    DataJson = Json(data),
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
            return "fulfilled";
        }

        if (evt.Type == "cancel")
        {
            data = data with { CancelReason = evt.Text("reason") };
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = input.CaseId,
                    State = "cancelled",
                    Outcome = "cancelled",
                    Close = true,
                    ClearDeadline = true,
                    DataJson = Json(data),
                    Audit = [flow.EventAudit(evt, "cancelled", input.Data.Article, $"Tracking stopped: {data.CancelReason}")],
                }
            );
            return "cancelled";
        }

        await flow.PublishAsync(
            new CaseUpdate
            {
                CaseId = input.CaseId,
                AwaitedEvents = Awaited,
                Audit =
                [
                    flow.EventAudit(
                        evt,
                        "event-ignored",
                        input.Data.Article,
                        $"'{evt.Type}' is not possible in this state; nothing changed."
                    ),
                ],
            }
        );
        return null;
    }

    /// <summary>Reminders N days before the deadline, on the days trackers.json sets for the kind (resolved with the
    /// deadline in ComputeDeadlineActivity). A deadline recorded before issue 13 carries no reminder days: those
    /// trackers read the table here as they always did, so their replay creates the same timers.</summary>
    public static IEnumerable<Reminder> Reminders(TrackerInput input, CaseDeadline d)
    {
        var days = d.ReminderDaysBefore ?? TrackerKinds.Find(input.Data.Start.Kind)?.ReminderDaysBefore ?? [];
        return days.Select(n => new Reminder(
            ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)),
            $"reminder-{d.Due:yyyyMMdd}-{n}",
            $"{n} day(s) left: {input.Data.Obligation} by {d.Due:yyyy-MM-dd} ({input.Data.Article})."
        ));
    }
}
