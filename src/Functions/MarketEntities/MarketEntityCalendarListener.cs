using Microsoft.Extensions.Logging;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Orchestrations.MarketEntities;
using Microsoft.DurableTask.Client;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// When an official calendar year changes working days, open market-entity cases whose current deadline falls on or
/// after the earliest changed date are told (external event <see cref="CaseFlow.CalendarChangedEvent"/>); their
/// orchestrations recompute the deadline through ComputeDeadlineActivity and record the change in the history.
/// </summary>
public sealed class MarketEntityCalendarListener(DeadlineIndex deadlines, CaseStore cases, ILogger<MarketEntityCalendarListener> logger)
    : ICalendarChangeListener
{
    private static readonly DateOnly IndexEnd = new(9999, 12, 31);

    public async Task OnYearChangedAsync(CalendarYearChanged change, DateTimeOffset atUtc, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (change.EarliestAffectedDate is not { } earliest)
        {
            return;
        }

        var entries = await deadlines.DueBetweenAsync(earliest, IndexEnd, cancellationToken).ConfigureAwait(false);
        var caseIds = entries.Where(e => MarketEntityProcedureNames.All.Contains(e.Procedure, StringComparer.Ordinal)).Select(e => e.CaseId).Distinct(StringComparer.Ordinal);
        foreach (var caseId in caseIds)
        {
            var record = await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (record is null || record.Closed)
            {
                continue;
            }

            try
            {
                await client.RaiseEventAsync(record.OrchestrationId ?? record.Id, CaseFlow.CalendarChangedEvent,
                    new CalendarChangedSignal(change.Year, earliest, atUtc, change.Notice), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not signal the calendar change to case {CaseId}.", caseId);
            }
        }
    }
}
