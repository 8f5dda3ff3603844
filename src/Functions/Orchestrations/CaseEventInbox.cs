using Microsoft.DurableTask;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Orchestrations;

/// <summary>
/// The case events an orchestration receives, each exactly once. The API may raise the same accepted event twice: when
/// the host died between accepting an event (stage claimed on the case) and raising it, the resend re-raises the
/// stored envelope, and the first raise may have got through after all. The event id decides; a repeat is dropped.
/// </summary>
public sealed class CaseEventInbox(TaskOrchestrationContext context)
{
    private readonly HashSet<string> handled = new(StringComparer.Ordinal);

    /// <summary>The next case event not seen before (deterministic on replay: events replay in the same order).</summary>
    public async Task<CaseEventEnvelope> NextAsync()
    {
        while (true)
        {
            var e = await context.WaitForExternalEvent<CaseEventEnvelope>(CaseEventEnvelope.EventName, CancellationToken.None);
            if (handled.Add(e.EventId))
            {
                return e;
            }
        }
    }
}
