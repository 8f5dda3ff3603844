using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.Registry;

// MarketEntities: the Decree 746 procedures (registration, simplified deregistration, revocation, trackers).
public static partial class WorkflowRegistry
{
    private static OrchestratorRegistration[] MarketEntityOrchestrators() =>
        [
            Orchestrator<RegistrationOrchestration>(),
            Orchestrator<SimplifiedDeregistrationOrchestration>(),
            Orchestrator<IndividualBusinessDeregistrationOrchestration>(),
            Orchestrator<RevocationOrchestration>(),
            Orchestrator<TrackerOrchestration>(),
            Orchestrator<PublicationDutyOrchestration>(),
        ];

    private static ActivityRegistration[] MarketEntityActivities() =>
        [
            Activity<CheckBansActivity, BanCheckInput, IReadOnlyList<BanHitView>>(),
            Activity<BanRegistryActivity, BanRegistryCommand, int>(),
            Activity<IssueLicenceActivity, IssueLicenceInput, BusinessLicence>(),
        ];
}
