using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// When an official calendar year changes working days, open market-entity cases whose current deadline falls on or
/// after the earliest changed date are told (external event <see cref="CaseFlow.CalendarChangedEvent"/>); their
/// orchestrations recompute the deadline through ComputeDeadlineActivity and record the change in the history.
/// </summary>
public sealed class MarketEntityCalendarListener(DeadlineIndex deadlines, CaseStore cases, ILogger<MarketEntityCalendarListener> logger)
    : ICalendarChangeListener
{
    public Task OnYearChangedAsync(
        CalendarYearChanged change,
        DateTimeOffset atUtc,
        DurableTaskClient client,
        CancellationToken cancellationToken
    ) =>
        CalendarChangeSignals.RaiseAsync(
            deadlines,
            cases,
            logger,
            change,
            atUtc,
            client,
            MarketEntityProcedureNames.All,
            cancellationToken
        );
}
