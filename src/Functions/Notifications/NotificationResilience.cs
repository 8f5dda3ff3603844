using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Workflows.Functions.Notifications;

/// <summary>
/// Resilience of the webhook client (Microsoft.Extensions.Http.Resilience), beside the outbox's own retries: one quick
/// retry for a transient failure within a run, a per-attempt and a total timeout, and a circuit breaker so a robot
/// that is down does not hold every dispatcher run. Longer outages are the outbox's job (backoff up to an hour).
/// </summary>
public static class NotificationResilience
{
    /// <summary>Configuration section bound onto <see cref="NotificationOptions"/> (Routes, CaseLinkTemplate).</summary>
    public const string RoutesSection = "Notifications";

    public static IHttpClientBuilder AddWebhookResilience(this IHttpClientBuilder builder)
    {
        builder.AddStandardResilienceHandler(options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromSeconds(1);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(25);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
