using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Activities;

/// <summary>A period to compute on the legal calendar, and how early its warning horizon starts.</summary>
/// <param name="Rule">One of the <see cref="LegalCalendar"/> rule ids (working-days, calendar-days, months, years, notice-window).</param>
/// <param name="WarningWorkingDays">Warning horizon in working days before the deadline (working-day limits; default 1).</param>
/// <param name="WarningCalendarDays">Warning horizon in calendar days (day, month and year limits; default 3).</param>
public sealed record DeadlineRequest(string Kind, string Label, string Rule, DateOnly Start, int Amount, Role ResponsibleRole, int? WarningWorkingDays = null, int? WarningCalendarDays = null);

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

    /// <summary>The one place a case deadline is computed: the period rule plus its warning horizon.</summary>
    public static CaseDeadline Compute(LegalCalendar calendar, DeadlineRequest input)
    {
        var result = input.Rule switch
        {
            LegalCalendar.WorkingDaysRule => calendar.AddWorkingDays(input.Start, input.Amount),
            LegalCalendar.CalendarDaysRule => calendar.AddCalendarDays(input.Start, input.Amount),
            LegalCalendar.MonthsRule => calendar.AddMonths(input.Start, input.Amount),
            LegalCalendar.YearsRule => calendar.AddYears(input.Start, input.Amount),
            LegalCalendar.NoticeWindowRule => calendar.NoticeWindow(input.Start, input.Amount),
            _ => throw new ArgumentException($"Unknown period rule '{input.Rule}'.", nameof(input)),
        };
        return new CaseDeadline(input.Kind, input.Label, result.Deadline, result.DeadlineUtc, WarningFrom(calendar, input, result.Deadline),
            result.Rule, result.LegalBasis, result.Provisional, result.Explanation, input.ResponsibleRole, input.Start, input.Amount);
    }

    /// <summary>
    /// First day of the warning horizon: N working days before the deadline for working-day limits (default 1: the
    /// prompt "one working day before the limit"), N calendar days before for day, month and year limits (default 3).
    /// </summary>
    public static DateOnly WarningFrom(LegalCalendar calendar, DeadlineRequest input, DateOnly deadline)
    {
        if (input.Rule == LegalCalendar.WorkingDaysRule)
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
