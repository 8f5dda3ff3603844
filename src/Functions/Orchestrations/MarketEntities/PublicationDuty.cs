using Workflows.Functions.Cases;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <summary>
/// A publication the authority owes (issue 14 item 3: the revocation with its ban, Art. 40 para 3; the reversal,
/// Art. 42): its deadline with the officer's reminders and the escalation once it has passed (<see cref="OfficerDuty"/>),
/// recomputed when the calendar changes, until a <c>record-publication</c> of <see cref="Item"/> fulfils it. The one
/// place an orchestration sets a publication deadline and watches it; the durable steps are those of
/// <see cref="OfficerDuty"/> (one ComputeDeadlineActivity when owed, one UpdateCaseActivity per reminder or escalation).
/// </summary>
public sealed class PublicationDuty
{
    private PublicationDuty(DeadlineWatch watch, DutyText duty, string item)
    {
        Watch = watch;
        Duty = duty;
        Item = item;
    }

    public DeadlineWatch Watch { get; private set; }

    public DutyText Duty { get; }

    /// <summary>The publication item (PublicationItems) a record must name to fulfil the duty.</summary>
    public string Item { get; }

    public CaseDeadline Deadline => Watch.Deadline;

    public DateTimeOffset? NextWake => Watch.NextWake;

    /// <summary>Owes <paramref name="item"/> from <paramref name="start"/>, within the table's period
    /// <paramref name="periodId"/>.</summary>
    public static async Task<PublicationDuty> OweAsync(
        CaseFlow flow,
        string kind,
        DutyText duty,
        string periodId,
        string item,
        DateOnly start
    )
    {
        ArgumentNullException.ThrowIfNull(flow);
        var watch = await OfficerDuty.WatchAsync(flow, OfficerDuty.Request(kind, duty, periodId, start), duty);
        return new PublicationDuty(watch, duty, item);
    }

    public async Task OnCalendarAsync(CaseFlow flow, CalendarChangedSignal signal)
    {
        ArgumentNullException.ThrowIfNull(flow);
        Watch = await flow.RecomputeAsync(Watch, signal, OfficerDuty.RemindersOf(Duty));
    }

    /// <summary>A timer of the duty: the overdue escalation once, else the reminders now due.</summary>
    public Task OnTimerAsync(CaseFlow flow, string agency) => OfficerDuty.OnTimerAsync(flow, agency, Watch, Duty);
}
