using Workflows.Functions.Activities.Factories;
using Workflows.Functions.Orchestrations.Factories;

namespace Workflows.Functions.Registry;

// Standard factories (漯政〔2021〕17号): orchestrators and activities of this area.
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] FactoryOrchestrators() =>
        [Orchestrator<FactorySubmissionOrchestration>(), Orchestrator<FactoryRoundOrchestration>()];

    private static ActivityRegistration[] FactoryActivities() =>
        [
            Activity<AssessFactorySubmissionActivity, FactoryAssessmentRequest, FactoryAssessmentOutcome>(),
            Activity<RankFactoryRoundActivity, FactoryRankingRequest, FactoryRankingOutcome>(),
        ];
}
