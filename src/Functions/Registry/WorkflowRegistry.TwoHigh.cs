using Workflows.Functions.Activities.TwoHigh;
using Workflows.Functions.Orchestrations.TwoHigh;

namespace Workflows.Functions.Registry;

// Two-high warnings (豫政办〔2021〕65号): orchestrators and activities of this area.
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] TwoHighOrchestrators() =>
        [Orchestrator<TwoHighRegionOrchestration>(), Orchestrator<TwoHighProjectOrchestration>()];

    private static ActivityRegistration[] TwoHighActivities() =>
        [
            Activity<AssessTwoHighMonthActivity, TwoHighMonthRequest, TwoHighMonthOutcome>(),
            Activity<ApplyTwoHighAnnualActivity, TwoHighAnnualRequest, TwoHighAnnualOutcome>(),
        ];
}
