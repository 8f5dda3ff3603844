using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Factories;

/// <summary>
/// When an official calendar year changes working days, open standard-factory submissions (漯政〔2021〕17号 三(一): the
/// first month of the half-year, its last day moved past rest days) are told, and the orchestration recomputes the
/// submission deadline through ComputeDeadlineActivity and records it. The ranking round has no deadline of its own.
/// </summary>
public sealed class FactoryCalendarListener(DeadlineIndex deadlines, CaseStore cases, ILogger<FactoryCalendarListener> logger)
    : ICalendarChangeListener
{
    /// <summary>The standard-factory procedures whose open deadlines follow the calendar.</summary>
    public static IReadOnlyCollection<string> Procedures { get; } = [FactorySubmissionProcedure.ProcedureName];

    public Task OnYearChangedAsync(
        CalendarYearChanged change,
        DateTimeOffset atUtc,
        DurableTaskClient client,
        CancellationToken cancellationToken
    ) => CalendarChangeSignals.RaiseAsync(deadlines, cases, logger, change, atUtc, client, Procedures, cancellationToken);
}
