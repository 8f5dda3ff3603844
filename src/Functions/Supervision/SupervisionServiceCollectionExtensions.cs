using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Configuration;
using Workflows.Functions.Hosting;
using Workflows.Functions.Notifications;

namespace Workflows.Functions.Supervision;

/// <summary>Services of the Supervision area (procedures, APIs, handlers), registered by both hosts.</summary>
public static class SupervisionServiceCollectionExtensions
{
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services
            .AddOptions<NotificationOptions>()
            .Configure<IConfiguration>((o, configuration) => o.WebhookUrl ??= configuration[SettingNames.NotificationWebhookUrl])
            .BindConfiguration(NotificationResilience.RoutesSection)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(WebhookNotificationChannel.HttpClientName).AddWebhookResilience();
        services.AddSingleton<WebhookNotificationChannel>();
        services.AddSingleton<LogNotificationChannel>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<IHealthContributor, NotificationHealth>();
        services.AddSingleton<IHealthContributor, QuarantineHealth>();
        services.AddSingleton<DigestWriter>();
        services.AddSingleton<ComplianceSweep>();
        services.AddSingleton<SupervisionApi>();
        services.AddSingleton<ComplianceSweepJob>();
        services.AddSingleton<NotificationDispatchJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<ComplianceSweepJob>());
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<NotificationDispatchJob>());
        services.AddValidatedOptions<HistoryPurgeOptions>(HistoryPurgeOptions.SectionName);
        services.AddSingleton<HistoryPurge>();
        services.AddSingleton<HistoryPurgeJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<HistoryPurgeJob>());
        return services;
    }
}
