using Microsoft.DurableTask;

namespace Workflows.Functions.Orchestrations;

/// <summary>Durable waits that never end before their instant.</summary>
public static class DurableTimers
{
    /// <summary>
    /// Waits on durable timers until the orchestration's replay-safe clock has reached <paramref name="fireAtUtc"/>.
    /// The Azure Storage provider (Durable Functions on Azure and LocalHost over Azurite) delivers a timer as a queue
    /// message whose visibility has whole-second resolution, so it can arrive up to a second early; a deadline that
    /// "fires" before it is due would act on a day that has not ended. Returns the instant the wait ended.
    /// </summary>
    public static async Task<DateTimeOffset> WaitUntilAsync(
        this TaskOrchestrationContext context,
        DateTimeOffset fireAtUtc,
        CancellationToken cancellationToken
    )
    {
        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        while (now < fireAtUtc)
        {
            // ConfigureAwait(true): orchestrator code must resume on the orchestration's own scheduler.
            await context.CreateTimer(fireAtUtc.UtcDateTime, cancellationToken).ConfigureAwait(true);
            now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        }

        return now;
    }
}
