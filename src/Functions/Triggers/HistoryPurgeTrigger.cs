using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Hosting;
using Workflows.Functions.Supervision;

namespace Workflows.Functions.Triggers;

/// <summary>The daily history purge (issue 17 item 3) at 03:00 China time (19:00 UTC).</summary>
public sealed class HistoryPurgeTrigger(HistoryPurge purge, TimeProvider clock)
{
    [Function("HistoryPurgeTimer")]
    public Task Purge(
        [TimerTrigger(Schedules.HistoryPurgeUtc)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken
    ) => purge.RunAsync(client, clock.GetUtcNow(), cancellationToken);
}
