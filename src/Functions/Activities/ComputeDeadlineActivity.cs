using Microsoft.Azure.Functions.Worker;
using Workflows.Domain;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Activities;

/// <summary>A deadline to compute: which statutory period (by id, resolved from the rule tables in the activity), from
/// which day, and how early its warning horizon starts.</summary>
/// <param name="PeriodId">A <see cref="StatutoryPeriods"/> id, e.g. <c>revocation-public-notice</c>.</param>
/// <param name="WarningWorkingDays">Warning horizon in working days before the deadline (working-day limits; default 1).</param>
/// <param name="WarningCalendarDays">Warning horizon in calendar days (day, month and year limits; default 3).</param>
/// <param name="RulesOn">The day whose rule tables apply (a dated table: the case's revision); null: the start day.</param>
public sealed record DeadlineRequest(
    string Kind,
    string Label,
    string? PeriodId,
    DateOnly Start,
    Role ResponsibleRole,
    int? WarningWorkingDays = null,
    int? WarningCalendarDays = null,
    DateOnly? RulesOn = null
)
{
    /// <summary>Requests recorded before issue 13 (in the carry of a waiting tracker) name a calendar rule id and an
    /// amount instead of a period id; they are still computed the way they were. With a period id, an amount is the
    /// limit an order set itself.</summary>
    public string? Rule { get; init; }

    /// <inheritdoc cref="Rule"/>
    public int? Amount { get; init; }

    /// <summary>For a limit before a fixed day (<c>days-before</c>, 809号 提前3日): the fixed day it runs back from;
    /// <see cref="Start"/> is then the day the obligation opens.</summary>
    public DateOnly? FixedDay { get; init; }

    /// <summary>The period this request counts: from the tables by id, or as recorded before issue 13.</summary>
    public LegalPeriod ResolvePeriod()
    {
        if (PeriodId is { } id)
        {
            var period =
                StatutoryPeriods.Find(id, RulesOn ?? Start)
                ?? throw new ArgumentException(
                    $"Unknown statutory period '{id}' (rules of {RulesOn ?? Start:yyyy-MM-dd}).",
                    nameof(PeriodId)
                );
            // A limit the deciding authority sets in its order (限期整改, coal measures Art. 20) replaces the table's
            // default amount; unit, counting rule and basis stay the table's.
            return Amount is { } limit ? period with { Amount = limit } : period;
        }

        return Rule is { } rule && Amount is { } amount
            ? LegalPeriod.FromRuleId(Kind, rule, amount)
            : throw new ArgumentException($"Deadline request '{Kind}' names no period.", nameof(PeriodId));
    }
}

/// <summary>
/// Computes a deadline on the active legal calendar. Orchestrations call this activity (never the calendar directly)
/// because the calendar can change when an official year is activated; the result is then fixed in their history.
/// </summary>
public sealed class ComputeDeadlineActivity(CalendarService calendars) : IActivity<DeadlineRequest, CaseDeadline>
{
    [Function(nameof(ComputeDeadlineActivity))]
    public Task<CaseDeadline> RunFunction([ActivityTrigger] DeadlineRequest input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<CaseDeadline> RunAsync(DeadlineRequest input, CancellationToken cancellationToken)
    {
        var calendar = await calendars.GetAsync(cancellationToken).ConfigureAwait(false);
        return Compute(calendar, input);
    }

    /// <summary>The one place a case deadline is computed: the period from the tables plus its warning horizon.</summary>
    public static CaseDeadline Compute(LegalCalendar calendar, DeadlineRequest input)
    {
        var period = input.ResolvePeriod();
        var result = calendar.Compute(period, period.Counting == CountingRule.DaysBefore ? FixedDayOf(input) : input.Start);
        return new CaseDeadline(
            input.Kind,
            input.Label,
            result.Deadline,
            result.DeadlineUtc,
            WarningFrom(calendar, input, period, result.Deadline),
            result.Rule,
            result.LegalBasis,
            result.Provisional,
            WithReading(result.Explanation, input.PeriodId),
            input.ResponsibleRole,
            input.Start,
            period.Amount
        )
        {
            PeriodId = input.PeriodId,
            ReminderDaysBefore = input.PeriodId is { } id ? StatutoryPeriods.ReminderDaysBefore(id, input.RulesOn ?? input.Start) : null,
            ExplanationLines = result.ExplanationLines,
        };
    }

    private static DateOnly FixedDayOf(DeadlineRequest input) =>
        input.FixedDay ?? throw new ArgumentException($"Deadline request '{input.Kind}' counts before a fixed day and names none.", nameof(input));

    /// <summary>Issue 14 item 5: where the law leaves a choice, the explanation ends with the reading the table takes.</summary>
    private static IReadOnlyList<string> WithReading(IReadOnlyList<string> explanation, string? periodId) =>
        periodId is not null && StatutoryPeriods.Reading(periodId) is { } reading
            ? [.. explanation, $"解读 / Reading: {reading}"]
            : explanation;

    /// <summary>
    /// First day of the warning horizon: N working days before the deadline for working-day limits (default 1: the
    /// prompt "one working day before the limit"), N calendar days before for day, month and year limits (default 3).
    /// </summary>
    public static DateOnly WarningFrom(LegalCalendar calendar, DeadlineRequest input, LegalPeriod period, DateOnly deadline)
    {
        if (period.Counting == CountingRule.WorkingDays)
        {
            var remaining = input.WarningWorkingDays ?? 1;
            var day = deadline;
            while (remaining > 0 && day > input.Start)
            {
                day = day.AddDays(-1);
                if (calendar.IsWorkingDay(day))
                {
                    remaining--;
                }
            }

            return day;
        }

        var warning = deadline.AddDays(-(input.WarningCalendarDays ?? 3));
        return warning < input.Start ? input.Start : warning;
    }
}
