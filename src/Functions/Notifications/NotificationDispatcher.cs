using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Domain.Calendar;
using Workflows.Functions.Storage;
using Workflows.Functions.Telemetry;

namespace Workflows.Functions.Notifications;

/// <summary>What one dispatcher run did.</summary>
public sealed record DispatchResult(int Attempted, int Sent, int Retrying, int Failed);

/// <summary>
/// Delivers pending outbox messages: to the webhook when one is configured, otherwise to the log. A message is marked
/// sent only after its channel accepted it; a failure is kept on the message (LastError) and retried with exponential
/// backoff (NextAttemptUtc) until <see cref="MaxAttempts"/>, after which it stays visible as failed.
/// </summary>
public sealed class NotificationDispatcher(
    NotificationOutbox outbox,
    LogNotificationChannel log,
    WebhookNotificationChannel webhook,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger,
    WorkflowsMetrics? metrics = null
)
{
    public const int MaxAttempts = 6;

    /// <summary>Messages queued this many days back are still picked up (a long outage of the webhook).</summary>
    public const int LookBackDays = 7;

    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>30 s, 1 min, 2 min, 4 min, 8 min... capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, FirstRetryDelay.Ticks << Math.Min(attempts - 1, 20)));

    public INotificationChannel Channel => options.Value.AnyWebhookConfigured ? webhook : log;

    public async Task<DispatchResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = ChinaTime.ToLegalDate(now);
        var due = (await outbox.ReadRangeAsync(today.AddDays(-LookBackDays), today.AddDays(1), cancellationToken).ConfigureAwait(false))
            .Where(m => m.Message.Status == NotificationOutbox.Pending && (m.Message.NextAttemptUtc ?? m.Message.QueuedUtc) <= now)
            .OrderBy(m => m.Message.NextAttemptUtc)
            .ToList();
        int sent = 0,
            retrying = 0,
            failed = 0;
        var channel = Channel;
        using var span = WorkflowsTelemetry.ActivitySource.StartActivity("notifications.dispatch");
        span?.SetTag(WorkflowsTelemetry.ChannelTag, channel.Name);
        metrics?.PendingNotifications(due.Count);
        foreach (var (message, etag) in due)
        {
            var result = await channel.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            var attempts = message.Attempts + 1;
            var next =
                result.Accepted
                    ? message with
                    {
                        Status = NotificationOutbox.Sent,
                        Attempts = attempts,
                        SentUtc = clock.GetUtcNow(),
                        NextAttemptUtc = null,
                        Channel = channel.Name,
                    }
                : attempts >= MaxAttempts
                    ? message with
                    {
                        Status = NotificationOutbox.Failed,
                        Attempts = attempts,
                        LastError = result.Error,
                        NextAttemptUtc = null,
                        Channel = channel.Name,
                    }
                : message with
                {
                    Attempts = attempts,
                    LastError = result.Error,
                    NextAttemptUtc = now + Backoff(attempts),
                    Channel = channel.Name,
                };
            try
            {
                await outbox.SaveAsync(next, etag, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageConflictException)
            {
                // Another dispatcher instance handled it meanwhile; its state wins.
                continue;
            }

            RecordAttempt(result, channel.Name);
            if (next.Status == NotificationOutbox.Sent)
            {
                sent++;
            }
            else if (next.Status == NotificationOutbox.Failed)
            {
                failed++;
                logger.LogError(
                    "Notification {Key} failed after {Attempts} attempts on {Channel}: {Error}",
                    message.Key,
                    attempts,
                    channel.Name,
                    result.Error
                );
            }
            else
            {
                retrying++;
                logger.LogWarning(
                    "Notification {Key} attempt {Attempts} on {Channel} failed ({Error}); next at {Next:O}.",
                    message.Key,
                    attempts,
                    channel.Name,
                    result.Error,
                    next.NextAttemptUtc
                );
            }
        }

        return new DispatchResult(due.Count, sent, retrying, failed);
    }

    private void RecordAttempt(DeliveryResult result, string channel)
    {
        if (result.Accepted)
        {
            metrics?.NotificationSent(channel);
        }
        else
        {
            metrics?.NotificationFailed(channel);
        }
    }
}
