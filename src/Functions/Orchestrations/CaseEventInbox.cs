using Microsoft.DurableTask;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Orchestrations;

/// <summary>
/// The case events an orchestration receives, each exactly once. The API may raise the same accepted event twice: when
/// the host died between accepting an event (stage claimed on the case) and raising it, the resend re-raises the
/// stored envelope, and the first raise may have got through after all. The event id decides; a repeat is dropped.
/// </summary>
public sealed class CaseEventInbox(TaskOrchestrationContext context, IEnumerable<string>? handledBefore = null)
{
    /// <summary>How many handled ids an orchestration that continues as new carries forward: a resend follows its
    /// original closely (the API re-raises an accepted event it could not confirm), never hundreds of events later.</summary>
    public const int CarriedIds = 64;

    private readonly List<string> order = [.. handledBefore ?? []];
    private readonly HashSet<string> handled = new(handledBefore ?? [], StringComparer.Ordinal);

    /// <summary>The most recent event ids handled, to carry into the next generation (ContinueAsNew).</summary>
    public IReadOnlyList<string> Recent => order.TakeLast(CarriedIds).ToList();

    /// <summary>The next case event not seen before (deterministic on replay: events replay in the same order).</summary>
    public async Task<CaseEventEnvelope> NextAsync()
    {
        while (true)
        {
            var e = await context.WaitForExternalEvent<CaseEventEnvelope>(CaseEventEnvelope.EventName, CancellationToken.None);
            if (handled.Add(e.EventId))
            {
                order.Add(e.EventId);
                return e;
            }
        }
    }
}
