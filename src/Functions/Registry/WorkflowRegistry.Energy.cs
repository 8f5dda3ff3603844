using Workflows.Domain.Energy;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.Energy;

namespace Workflows.Functions.Registry;

// Energy: orchestrators and activities of this area.
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] EnergyOrchestrators() =>
        [
            Orchestrator<CoalSubstitutionOrchestration>(),
            Orchestrator<RetrofitProgrammeOrchestration>(),
            Orchestrator<RetrofitProjectOrchestration>(),
        ];

    private static ActivityRegistration[] EnergyActivities() =>
        [
            Activity<CheckCoalGateActivity, CoalGateRequest, CoalGateOutcome>(),
            Activity<ComputeCoalSupplementActivity, CoalSupplementRequest, SubstitutionSupplement>(),
            Activity<EvaluateRetrofitCheckpointActivity, CheckpointRequest, CheckpointOutcome>(),
        ];
}
