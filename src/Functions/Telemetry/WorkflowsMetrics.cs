using System.Diagnostics.Metrics;

namespace Workflows.Functions.Telemetry;

/// <summary>
/// The app's metrics, created through <see cref="IMeterFactory"/> (one meter per service provider, so tests and
/// hosts do not share state). Names: <see cref="WorkflowsTelemetry"/>.
/// </summary>
public sealed class WorkflowsMetrics
{
    private readonly Counter<long> casesOpened;
    private readonly Counter<long> casesClosed;
    private readonly Gauge<long> casesOpen;
    private readonly Gauge<long> casesOverdue;
    private readonly Histogram<double> decisionTimeRatio;
    private readonly Counter<long> notificationsSent;
    private readonly Counter<long> notificationsFailed;
    private readonly Gauge<long> notificationsPending;
    private readonly Counter<long> dropsQuarantined;
    private readonly Histogram<double> sweepDuration;

    public WorkflowsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(WorkflowsTelemetry.SourceName);
        casesOpened = meter.CreateCounter<long>(WorkflowsTelemetry.CasesOpened, "{case}", "案件受理数 / Cases opened");
        casesClosed = meter.CreateCounter<long>(WorkflowsTelemetry.CasesClosed, "{case}", "案件办结数 / Cases closed");
        casesOpen = meter.CreateGauge<long>(WorkflowsTelemetry.CasesOpen, "{case}", "各灯色在办案件 / Open cases per light");
        casesOverdue = meter.CreateGauge<long>(WorkflowsTelemetry.CasesOverdue, "{case}", "逾期案件 / Overdue cases");
        decisionTimeRatio = meter.CreateHistogram<double>(
            WorkflowsTelemetry.DecisionTimeRatio,
            "1",
            "办理用时 ÷ 法定时限 / Decision time over the legal limit"
        );
        notificationsSent = meter.CreateCounter<long>(WorkflowsTelemetry.NotificationsSent, "{message}", "通知已发送 / Notifications sent");
        notificationsFailed = meter.CreateCounter<long>(
            WorkflowsTelemetry.NotificationsFailed,
            "{message}",
            "通知发送失败 / Notification attempts failed"
        );
        notificationsPending = meter.CreateGauge<long>(
            WorkflowsTelemetry.NotificationsPending,
            "{message}",
            "待发送通知 / Notifications pending"
        );
        dropsQuarantined = meter.CreateCounter<long>(WorkflowsTelemetry.DropsQuarantined, "{file}", "隔离的上传文件 / Drops quarantined");
        sweepDuration = meter.CreateHistogram<double>(WorkflowsTelemetry.SweepDuration, "s", "期限巡检用时 / Deadline sweep duration");
    }

    public void CaseOpened(string procedure) => casesOpened.Add(1, Procedure(procedure));

    public void CaseClosed(string procedure) => casesClosed.Add(1, Procedure(procedure));

    public void OpenCases(string light, long count) =>
        casesOpen.Record(count, new KeyValuePair<string, object?>(WorkflowsTelemetry.LightTag, light));

    public void OverdueCases(long count) => casesOverdue.Record(count);

    /// <summary>Working time used over the legal limit (1.0 = decided on the last legal day).</summary>
    public void DecisionTime(string procedure, double ratioOfLegalLimit) =>
        decisionTimeRatio.Record(ratioOfLegalLimit, Procedure(procedure));

    public void NotificationSent(string channel) => notificationsSent.Add(1, Channel(channel));

    public void NotificationFailed(string channel) => notificationsFailed.Add(1, Channel(channel));

    public void PendingNotifications(long count) => notificationsPending.Record(count);

    public void DropQuarantined(string container) =>
        dropsQuarantined.Add(1, new KeyValuePair<string, object?>(WorkflowsTelemetry.ContainerTag, container));

    public void SweepCompleted(TimeSpan duration) => sweepDuration.Record(duration.TotalSeconds);

    private static KeyValuePair<string, object?> Procedure(string procedure) => new(WorkflowsTelemetry.ProcedureTag, procedure);

    private static KeyValuePair<string, object?> Channel(string channel) => new(WorkflowsTelemetry.ChannelTag, channel);
}
