using Workflows.Functions.Activities.PatentAward;
using Workflows.Functions.Orchestrations.PatentAward;

namespace Workflows.Functions.Registry;

// The mayor's patent award (漯政〔2021〕22号): orchestrators and activities of this area.
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] PatentAwardOrchestrators() =>
        [Orchestrator<PatentAwardRoundOrchestration>(), Orchestrator<PatentAwardApplicationOrchestration>()];

    private static ActivityRegistration[] PatentAwardActivities() =>
        [
            Activity<BuildPatentAwardSlateActivity, PatentAwardSlateRequest, PatentAwardSlate>(),
            Activity<ResolvePatentAwardsActivity, PatentAwardResolveRequest, PatentAwardResolution>(),
        ];
}
