namespace Workflows.Functions.Registry;

// MarketEntities: orchestrators and activities of this area (filled by the area's feature work).
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] MarketEntityOrchestrators() =>
    [
    ];

    private static ActivityRegistration[] MarketEntityActivities() =>
    [
    ];
}
