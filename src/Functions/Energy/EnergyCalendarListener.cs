using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Energy;

/// <summary>
/// When an official calendar year changes working days, open coal-substitution cases waiting for their Art. 16
/// implementation report (a months period whose last day moves past rest days, Civil Code Art. 203) are told, and
/// the orchestration recomputes the report deadline through ComputeDeadlineActivity and records it.
/// The retrofit programme and its projects are not listed: 漯节减办〔2021〕7号 三 fixes their dates as days of the
/// calendar (each year end, "2021年10月底前"), not as periods counted from a start, so no published year moves them
/// (the rest-day rule of Civil Code Art. 203 moves the last day of a period); their cases hold no indexed deadline.
/// </summary>
public sealed class EnergyCalendarListener(DeadlineIndex deadlines, CaseStore cases, ILogger<EnergyCalendarListener> logger)
    : ICalendarChangeListener
{
    /// <summary>The energy procedures whose open deadlines follow the calendar.</summary>
    public static IReadOnlyCollection<string> Procedures { get; } = [CoalSubstitutionProcedure.ProcedureName];

    public Task OnYearChangedAsync(
        CalendarYearChanged change,
        DateTimeOffset atUtc,
        DurableTaskClient client,
        CancellationToken cancellationToken
    ) => CalendarChangeSignals.RaiseAsync(deadlines, cases, logger, change, atUtc, client, Procedures, cancellationToken);
}
