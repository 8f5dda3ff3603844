namespace Workflows.Functions.Registry;

// Energy: orchestrators and activities of this area (filled by the area's feature work).
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] EnergyOrchestrators() =>
    [
    ];

    private static ActivityRegistration[] EnergyActivities() =>
    [
    ];
}
