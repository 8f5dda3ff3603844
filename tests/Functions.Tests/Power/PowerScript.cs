using Workflows.Functions.Activities.Power;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Power;

/// <summary>
/// The proxy power orchestrations on the one scripted context (<see cref="ScriptedOrchestrationContext"/>), with this
/// family's activities answered by the real activities and events sent by an enterprise unless a test says otherwise:
/// timers complete when no scripted event comes first and the clock jumps to whichever fires, so the notice's
/// 2021-2022 days can be lived through inside a window.
/// </summary>
internal static class PowerScript
{
    public static ScriptedOrchestrationContext Start(string startChinaTime, string caseId) =>
        new ScriptedOrchestrationContext(startChinaTime, caseId) { DefaultRole = "Enterprise" }
            .Answers<ProxyUserPlanRequest, ProxyUserPlan>(r => new PlanProxyUserActivity().RunAsync(r, CancellationToken.None))
            .Answers<PowerObligationCheckRequest, PowerObligationCheckOutcome>(r =>
                new CheckPowerObligationActivity().RunAsync(r, CancellationToken.None)
            );
}
