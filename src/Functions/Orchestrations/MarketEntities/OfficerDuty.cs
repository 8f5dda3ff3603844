using System.Globalization;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Activities;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <summary>A duty of the registration authority with a deadline: what it is (Chinese first) and the article behind it.</summary>
public sealed record DutyText(string LabelZh, string LabelEn, string Article)
{
    public string Label => $"{LabelZh} / {LabelEn}";
}

/// <summary>
/// A deadline the authority itself must meet (the push to the departments, a deregistration, a publication, issue 14):
/// reminders to the officer on the table's days before it and on its last day, and once it has passed an audit entry
/// and an escalation to the head, like the registration decision (Art. 19). The case's light follows its deadline.
/// </summary>
public static class OfficerDuty
{
    public static DeadlineRequest Request(string kind, DutyText duty, string periodId, DateOnly start) =>
        new(kind, duty.Label, periodId, start, Role.RegistrationOfficer, WarningWorkingDays: 1);

    public static async Task<DeadlineWatch> WatchAsync(CaseFlow flow, DeadlineRequest request, DutyText duty)
    {
        var deadline = await flow.ComputeAsync(request);
        return new DeadlineWatch(request, deadline, Reminders(deadline, duty));
    }

    public static Func<CaseDeadline, IEnumerable<Reminder>> RemindersOf(DutyText duty) => d => Reminders(d, duty);

    /// <summary>The table's reminder days before the deadline (one day when it sets none) and the last day itself.</summary>
    public static IEnumerable<Reminder> Reminders(CaseDeadline d, DutyText duty)
    {
        foreach (var days in d.ReminderDaysBefore ?? [1])
        {
            var day = d.Due.AddDays(-days);
            if (day > d.Start)
            {
                yield return new Reminder(
                    ChinaTime.StartOfDayUtc(day),
                    $"reminder-{d.Kind}-{d.Due:yyyyMMdd}-{days.ToString(CultureInfo.InvariantCulture)}",
                    $"{duty.LabelZh}：还剩 {days} 日，期限 {d.Due:yyyy-MM-dd} / {duty.LabelEn}: {days} day(s) left, due {d.Due:yyyy-MM-dd}."
                );
            }
        }

        yield return new Reminder(
            ChinaTime.StartOfDayUtc(d.Due),
            $"reminder-{d.Kind}-{d.Due:yyyyMMdd}-0",
            $"{duty.LabelZh}：今日为最后一日（{d.Due:yyyy-MM-dd}） / {duty.LabelEn}: due today ({d.Due:yyyy-MM-dd})."
        );
    }

    /// <summary>A timer of <paramref name="watch"/>: the overdue escalation once, else the reminders now due.</summary>
    public static async Task OnTimerAsync(CaseFlow flow, string agency, DeadlineWatch watch, DutyText duty)
    {
        var now = flow.Now;
        var d = watch.Deadline;
        if (watch.MarkOverdue(now))
        {
            var text =
                $"{duty.LabelZh}已逾期（期限 {d.Due:yyyy-MM-dd}），已报告登记机关负责人 / {duty.LabelEn} overdue since {d.Due:yyyy-MM-dd}; escalated to the head.";
            await flow.PublishAsync(
                new CaseUpdate
                {
                    CaseId = flow.CaseId,
                    Audit = [flow.SystemAudit($"overdue-{d.Kind}-{d.Due:yyyyMMdd}", "overdue", duty.Article, text)],
                    Notifications =
                    [
                        new(
                            $"overdue-{d.Kind}-{d.Due:yyyyMMdd}-head",
                            Role.AuthorityHead,
                            agency,
                            "escalation",
                            $"{flow.CaseId}: {text}",
                            duty.Article
                        ),
                        new(
                            $"overdue-{d.Kind}-{d.Due:yyyyMMdd}-officer",
                            Role.RegistrationOfficer,
                            agency,
                            "overdue",
                            $"{flow.CaseId}: {text}",
                            duty.Article
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
                    CaseId = flow.CaseId,
                    Audit = [flow.SystemAudit(reminder.Key, "reminder", duty.Article, reminder.Message)],
                    Notifications =
                    [
                        new(reminder.Key, Role.RegistrationOfficer, agency, "reminder", $"{flow.CaseId}: {reminder.Message}", duty.Article),
                    ],
                }
            );
        }
    }

    /// <summary>The earlier of two wake instants (either may be absent).</summary>
    public static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b
        : b is null ? a
        : a < b ? a
        : b;
}
