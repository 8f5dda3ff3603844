using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <summary>
/// The reminder days of a deadline. ComputeDeadlineActivity resolves them from the table with the deadline
/// (<see cref="CaseDeadline.ReminderDaysBefore"/>), so an orchestration never reads a rule table (issue 13 item 3). A
/// deadline recorded before issue 13 carries none: instances older than version 5
/// (<see cref="OrchestrationVersions.RemindersInDeadline"/>) read the table here as they always did, so their replay
/// creates the same timers. Delete the fallback with versions 1-4 (docs/changing-an-orchestration.md).
/// </summary>
public static class LegacyReminderDays
{
    /// <param name="beforeVersion5">The instance started before version 5 (its deadlines may carry no reminder days).</param>
    /// <param name="legacyDefault">What an older instance used when the table named none either.</param>
    public static IReadOnlyList<int> Of(CaseDeadline deadline, string periodId, bool beforeVersion5, IReadOnlyList<int> legacyDefault)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return deadline.ReminderDaysBefore
            ?? (beforeVersion5 ? TrackerKinds.Find(periodId)?.ReminderDaysBefore ?? legacyDefault : []);
    }
}
