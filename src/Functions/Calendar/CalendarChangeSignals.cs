using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.Calendar;

/// <summary>
/// The one way a calendar change reaches open cases: every open case of the given procedures whose current deadline
/// falls on or after the earliest changed date gets the external event <see cref="CaseFlow.CalendarChangedEvent"/>,
/// and its orchestration recomputes the deadline through ComputeDeadlineActivity. Each area's listener names its
/// procedures (market entities, energy).
/// </summary>
public static class CalendarChangeSignals
{
    private static readonly DateOnly IndexEnd = new(9999, 12, 31);

    public static async Task RaiseAsync(
        DeadlineIndex deadlines,
        CaseStore cases,
        ILogger logger,
        CalendarYearChanged change,
        DateTimeOffset atUtc,
        DurableTaskClient client,
        IReadOnlyCollection<string> procedures,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(client);
        if (change.EarliestAffectedDate is not { } earliest)
        {
            return;
        }

        var entries = await deadlines.DueBetweenAsync(earliest, IndexEnd, cancellationToken).ConfigureAwait(false);
        var caseIds = entries
            .Where(e => procedures.Contains(e.Procedure, StringComparer.Ordinal))
            .Select(e => e.CaseId)
            .Distinct(StringComparer.Ordinal);
        foreach (var caseId in caseIds)
        {
            var record = await cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (record is null || record.Closed)
            {
                continue;
            }

            try
            {
                await client
                    .RaiseEventAsync(
                        record.OrchestrationId ?? record.Id,
                        CaseFlow.CalendarChangedEvent,
                        new CalendarChangedSignal(change.Year, earliest, atUtc, change.Notice),
                        cancellationToken
                    )
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not signal the calendar change to case {CaseId}.", caseId);
            }
        }
    }
}
