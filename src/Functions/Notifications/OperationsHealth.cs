using Workflows.Domain.Calendar;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Notifications;

/// <summary>
/// <c>/api/health</c> section "notifications": the backlog (pending messages of the dispatcher's look-back window),
/// and the channels with messages that failed for good in the last day. Unhealthy when any did: a notice the law
/// requires was not delivered, so the health alert (infra/bicep/modules/monitoring.bicep) should fire.
/// </summary>
public sealed class NotificationHealth(NotificationOutbox outbox, TimeProvider clock) : IHealthContributor
{
    public string Name => "notifications";

    public async Task<(bool Ok, object Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = ChinaTime.ToLegalDate(now);
        var messages = await outbox
            .ReadRangeAsync(today.AddDays(-NotificationDispatcher.LookBackDays), today.AddDays(1), cancellationToken)
            .ConfigureAwait(false);
        var backlog = messages.Count(m => m.Message.Status == NotificationOutbox.Pending);
        var failingChannels = messages
            .Select(m => m.Message)
            .Where(m => m.Status == NotificationOutbox.Failed && m.QueuedUtc >= now.AddDays(-1))
            .GroupBy(m => m.Channel ?? "unknown", StringComparer.Ordinal)
            .Select(g => new
            {
                channel = g.Key,
                failed = g.Count(),
                lastError = g.Last().LastError,
            })
            .ToList();
        return (
            failingChannels.Count == 0,
            new
            {
                ok = failingChannels.Count == 0,
                backlog,
                failingChannels,
            }
        );
    }
}

/// <summary>
/// <c>/api/health</c> section "quarantine": files quarantined in the last 24 hours (their error reports). Informational:
/// refusing a bad upload is the system working, so it never makes the app unhealthy; the quarantine alert covers it.
/// </summary>
public sealed class QuarantineHealth(IBlobStore blobs, TimeProvider clock) : IHealthContributor
{
    public string Name => "quarantine";

    public async Task<(bool Ok, object Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-1);
        IReadOnlyList<BlobItemInfo> listed;
        try
        {
            listed = await blobs.ListAsync(StorageNames.Quarantine, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // An unreadable container is reported, never a 5xx from /api/health.
            return (false, new { ok = false, error = e.GetType().Name + ": " + e.Message });
        }

        var reports = listed
            .Where(blob => blob.Name.EndsWith(".error.json", StringComparison.Ordinal) && blob.LastModified >= since)
            .ToList();
        return (
            true,
            new
            {
                ok = true,
                lastDay = reports.Count,
                files = reports.Select(r => r.Name[..^".error.json".Length]).Take(20).ToList(),
            }
        );
    }
}
