using Workflows.Functions.Activities.Power;
using Workflows.Functions.Orchestrations.Power;

namespace Workflows.Functions.Registry;

// Proxy power purchase (发改办价格〔2021〕809号): orchestrators and activities of this area.
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] PowerOrchestrators() =>
        [Orchestrator<ProxyObligationOrchestration>(), Orchestrator<ProxyUserOrchestration>()];

    private static ActivityRegistration[] PowerActivities() =>
        [
            Activity<CheckPowerObligationActivity, PowerObligationCheckRequest, PowerObligationCheckOutcome>(),
            Activity<PlanProxyUserActivity, ProxyUserPlanRequest, ProxyUserPlan>(),
        ];
}
