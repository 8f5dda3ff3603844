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

public sealed record TrackerInput(string CaseId, string Agency, TrackerCaseData Data);

/// <summary>
/// A statutory period around a registered entity (Decree 746 Art. 24, 26, 29, 30, 32; kinds in trackers.json):
/// reminders before the deadline, red and escalated when missed, closed by <c>comply</c> (late when after the
/// deadline) or <c>cancel</c>.
/// </summary>
public sealed class TrackerOrchestration : TaskOrchestrator<TrackerInput, string>
{
    [Function(nameof(TrackerOrchestration))]
    public static Task<string> RunFunction([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TrackerOrchestration().RunAsync(context, context.GetInput<TrackerInput>()
            ?? throw new InvalidOperationException("TrackerOrchestration needs an input."));

    public static string RuleOf(PeriodUnit unit) => unit switch
    {
        PeriodUnit.WorkingDays => LegalCalendar.WorkingDaysRule,
        PeriodUnit.Months => LegalCalendar.MonthsRule,
        PeriodUnit.Years => LegalCalendar.YearsRule,
        _ => LegalCalendar.CalendarDaysRule,
    };

    public override async Task<string> RunAsync(TaskOrchestrationContext context, TrackerInput input)
    {
        var flow = new CaseFlow(context, input.CaseId);
        var kind = TrackerKinds.Find(input.Data.Start.Kind) ?? throw new InvalidOperationException($"Unknown tracker kind '{input.Data.Start.Kind}'.");
        var request = new DeadlineRequest(kind.Id, kind.ObligationEn, RuleOf(kind.Unit), input.Data.Start.TriggerDate, kind.Amount, Role.Enterprise);
        var watch = new DeadlineWatch(request, await flow.ComputeAsync(request), []);
        watch = new DeadlineWatch(request, watch.Deadline, Reminders(kind, watch.Deadline));
        var data = input.Data;
        List<string> awaited = ["comply", "cancel"];
        await flow.PublishAsync(new CaseUpdate
        {
            CaseId = input.CaseId, State = "open", AwaitedEvents = awaited, Deadline = watch.Deadline,
            Audit = [flow.SystemAudit("deadline-0", "deadline-set", kind.Article, $"{kind.ObligationEn} ({kind.ObligationZh}) by {watch.Deadline.Due:yyyy-MM-dd}: {kind.Amount} {kind.Unit} from {request.Start:yyyy-MM-dd}.", watch.Deadline.Explanation)],
        });

        while (true)
        {
            var wake = await flow.NextAsync(watch.NextWake);
            if (wake.Reason == WakeReason.CalendarChanged)
            {
                watch = await flow.RecomputeAsync(watch, wake.Calendar!, d => Reminders(kind, d));
                continue;
            }

            if (wake.Reason == WakeReason.Timer)
            {
                var now = flow.Now;
                if (watch.MarkOverdue(now))
                {
                    await flow.PublishAsync(new CaseUpdate
                    {
                        CaseId = input.CaseId, State = "overdue",
                        Audit = [flow.SystemAudit($"overdue-{watch.Deadline.Due:yyyyMMdd}", "overdue", kind.Article, $"Missed: {kind.ObligationEn} was due {watch.Deadline.Due:yyyy-MM-dd}; escalated to the registration authority.")],
                        Notifications =
                        [
                            new NotificationRequest($"overdue-{watch.Deadline.Due:yyyyMMdd}-enterprise", Role.Enterprise, input.Agency, "overdue", $"{data.Start.EntityName}: {kind.ObligationEn} was due {watch.Deadline.Due:yyyy-MM-dd}.", kind.Article),
                            new NotificationRequest($"overdue-{watch.Deadline.Due:yyyyMMdd}-officer", Role.RegistrationOfficer, input.Agency, "escalation", $"{data.Start.EntityName} ({data.Start.Uscc}) missed: {kind.ObligationEn}.", kind.Article),
                        ],
                    });
                    continue;
                }

                foreach (var reminder in watch.TakeDueReminders(now))
                {
                    await flow.PublishAsync(new CaseUpdate
                    {
                        CaseId = input.CaseId,
                        Audit = [flow.SystemAudit(reminder.Key, "reminder", kind.Article, reminder.Message)],
                        Notifications = [new NotificationRequest(reminder.Key, Role.Enterprise, input.Agency, "reminder", $"{data.Start.EntityName}: {reminder.Message}", kind.Article)],
                    });
                }

                continue;
            }

            var evt = wake.Event!;
            if (evt.Type == "comply")
            {
                var late = watch.IsPast(evt.AcceptedUtc);
                data = data with { FulfilledOn = ChinaTime.ToLegalDate(evt.AcceptedUtc), Evidence = string.Join("; ", Strings(evt, "evidence")) };
                await flow.PublishAsync(new CaseUpdate
                {
                    CaseId = input.CaseId, State = "fulfilled", Outcome = late ? "fulfilled-late" : "fulfilled", Close = true, Late = late, DataJson = Json(data),
                    Audit = [flow.EventAudit(evt, "fulfilled", kind.Article, $"{kind.ObligationEn}: done on {data.FulfilledOn:yyyy-MM-dd}{(late ? $", after the deadline {watch.Deadline.Due:yyyy-MM-dd} (late)" : string.Empty)}.", late: late)],
                });
                return "fulfilled";
            }

            if (evt.Type == "cancel")
            {
                data = data with { CancelReason = evt.Text("reason") };
                await flow.PublishAsync(new CaseUpdate
                {
                    CaseId = input.CaseId, State = "cancelled", Outcome = "cancelled", Close = true, ClearDeadline = true, DataJson = Json(data),
                    Audit = [flow.EventAudit(evt, "cancelled", kind.Article, $"Tracking stopped: {data.CancelReason}")],
                });
                return "cancelled";
            }

            await flow.PublishAsync(new CaseUpdate
            {
                CaseId = input.CaseId, AwaitedEvents = awaited,
                Audit = [flow.EventAudit(evt, "event-ignored", kind.Article, $"'{evt.Type}' is not possible in this state; nothing changed.")],
            });
        }
    }

    /// <summary>Reminders N days before the deadline (trackers.json reminderDaysBefore).</summary>
    public static IEnumerable<Reminder> Reminders(TrackerKind kind, CaseDeadline d) =>
        kind.ReminderDaysBefore.Select(n => new Reminder(ChinaTime.StartOfDayUtc(d.Due.AddDays(-n)), $"reminder-{d.Due:yyyyMMdd}-{n}", $"{n} day(s) left: {kind.ObligationEn} by {d.Due:yyyy-MM-dd} ({kind.Article})."));
}
