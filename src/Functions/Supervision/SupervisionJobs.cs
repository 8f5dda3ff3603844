using Microsoft.DurableTask.Client;
using Workflows.Domain.Calendar;
using Workflows.Functions.Hosting;
using Workflows.Functions.Notifications;

namespace Workflows.Functions.Supervision;

/// <summary>The daily compliance sweep at 08:00 China time (LocalHost's scheduler; Functions uses the UTC twin).</summary>
public sealed class ComplianceSweepJob(ComplianceSweep sweep) : IScheduledJob
{
    public string Name => "compliance-sweep";

    public string ChinaTimeSchedule => Schedules.ComplianceSweepChinaTime;

    /// <summary>The legal date of the firing instant is the day swept (08:00 China time is that day).</summary>
    public Task RunAsync(DateTimeOffset firedAtUtc, DurableTaskClient client, CancellationToken cancellationToken) =>
        sweep.RunAsync(ChinaTime.ToLegalDate(firedAtUtc), cancellationToken);
}

/// <summary>Delivers pending notifications every minute.</summary>
public sealed class NotificationDispatchJob(NotificationDispatcher dispatcher) : IScheduledJob
{
    public string Name => "notification-dispatch";

    public string ChinaTimeSchedule => Schedules.NotificationDispatchChinaTime;

    public Task RunAsync(DateTimeOffset firedAtUtc, DurableTaskClient client, CancellationToken cancellationToken) =>
        dispatcher.RunAsync(cancellationToken);
}
