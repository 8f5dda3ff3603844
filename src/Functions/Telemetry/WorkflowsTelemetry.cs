using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Workflows.Functions.Telemetry;

/// <summary>
/// The one place that names the app's telemetry: the <see cref="System.Diagnostics.ActivitySource"/> for traces and
/// the <see cref="Meter"/> name and instrument names for metrics. Alerts (infra/bicep/modules/monitoring.bicep) and
/// the supervision workbook query these instrument names, so they are part of the operations contract.
/// </summary>
public static class WorkflowsTelemetry
{
    /// <summary>Name of the ActivitySource and of the Meter.</summary>
    public const string SourceName = "Workflows";

    public const string CasesOpened = "workflows.cases.opened";
    public const string CasesClosed = "workflows.cases.closed";
    public const string CasesOpen = "workflows.cases.open";
    public const string CasesOverdue = "workflows.cases.overdue";
    public const string DecisionTimeRatio = "workflows.cases.decision_time_ratio";
    public const string NotificationsSent = "workflows.notifications.sent";
    public const string NotificationsFailed = "workflows.notifications.failed";
    public const string NotificationsPending = "workflows.notifications.pending";
    public const string DropsQuarantined = "workflows.drops.quarantined";
    public const string SweepDuration = "workflows.sweep.duration";

    /// <summary>Tag names. Never a resident ID number, phone or address (PIPL Art. 28): case id and procedure only.</summary>
    public const string ProcedureTag = "procedure";
    public const string LightTag = "light";
    public const string ChannelTag = "channel";
    public const string AgencyTag = "agency";
    public const string ContainerTag = "container";

    /// <summary>Spans of the app's own work (dispatching, sweeping, drops); immutable, so safe to share.</summary>
    public static readonly ActivitySource ActivitySource = new(SourceName);
}
