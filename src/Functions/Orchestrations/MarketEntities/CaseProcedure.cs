using Workflows.Functions.Cases;

namespace Workflows.Functions.Orchestrations.MarketEntities;

/// <summary>
/// The scaffold of one market-entity case (issue 13 item 3): the derived class keeps the procedure's state between wakes
/// and one handler per event; <see cref="RunAsync"/> opens the case and then runs the one dispatch loop every
/// procedure shares, handing each wake (a case event, a calendar change, a reminder or deadline timer) to its handler
/// until a handler returns the case's outcome. Each turn waits once through <see cref="CaseFlow.NextAsync"/>, as each
/// orchestration's own loop did, so the history an orchestration writes is the same.
/// </summary>
/// <param name="flow">The case's flow (clock, publishing, deadlines, the one event inbox).</param>
/// <param name="article">The article an ignored event is recorded under (the procedure's own).</param>
/// <param name="awaited">The events the case awaits when it opens.</param>
internal abstract class CaseProcedure(CaseFlow flow, string article, IEnumerable<string>? awaited = null)
{
    protected CaseFlow Flow { get; } = flow;

    /// <summary>The events the case awaits now, published with each write (the API refuses the others with 409).</summary>
    protected List<string> Awaited { get; set; } = [.. awaited ?? []];

    /// <summary>The next instant the case must wake up for without an event (a reminder, a deadline), or none.</summary>
    protected abstract DateTimeOffset? NextWake { get; }

    /// <summary>Opens the case: its first state, deadline and audit; an outcome when it closes at once.</summary>
    protected abstract Task<string?> StartAsync();

    /// <summary>A case event: the handler of its type in the case's state; an outcome when the case closes.</summary>
    protected abstract Task<string?> OnEventAsync(CaseEventEnvelope evt);

    /// <summary>An official calendar year changed: the open deadlines are recomputed.</summary>
    protected abstract Task<string?> OnCalendarAsync(CalendarChangedSignal signal);

    /// <summary>A reminder or deadline instant has come.</summary>
    protected abstract Task<string?> OnTimerAsync();

    /// <summary>Opens the case, then dispatches every wake until a handler returns the outcome.</summary>
    public async Task<string> RunAsync()
    {
        if (await StartAsync() is { } closedAtOnce)
        {
            return closedAtOnce;
        }

        while (true)
        {
            var wake = await Flow.NextAsync(NextWake);
            var outcome = wake.Reason switch
            {
                WakeReason.CalendarChanged => await OnCalendarAsync(wake.Calendar!),
                WakeReason.Timer => await OnTimerAsync(),
                _ => await OnEventAsync(wake.Event!),
            };
            if (outcome is not null)
            {
                return outcome;
            }
        }
    }

    /// <summary>Records an event the law forbids in this state (<paramref name="forbiddenBy"/>); nothing else changes.</summary>
    protected async Task<string?> ForbiddenAsync(CaseEventEnvelope evt, string forbiddenBy, string summary)
    {
        await Flow.RefuseEventAsync(evt, Awaited, forbiddenBy, summary);
        return null;
    }

    /// <summary>Records an event the case's state does not take; nothing changes.</summary>
    protected async Task<string?> IgnoredAsync(CaseEventEnvelope evt)
    {
        await Flow.IgnoreEventAsync(evt, Awaited, article);
        return null;
    }
}
