namespace Workflows.Functions.Registry;

// Supervision: orchestrators and activities of this area (filled by the area's feature work).
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] SupervisionOrchestrators() => [];

    private static ActivityRegistration[] SupervisionActivities() => [];
}
