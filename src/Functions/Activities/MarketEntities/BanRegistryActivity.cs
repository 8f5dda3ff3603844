using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Activities.MarketEntities;

/// <summary>Adds bans (<see cref="Add"/>) or lifts the bans of a source case (<see cref="Lift"/>).</summary>
public sealed record BanRegistryCommand(
    IReadOnlyList<Ban>? Add,
    IReadOnlyList<string>? Lift,
    string SourceCaseId,
    DateOnly On,
    string? Reason
);

/// <summary>Writes the ban registry: Decree 746 Art. 40 para 3 (3-year ban on revocation) and Art. 42 (lifted on reversal). Idempotent.</summary>
public sealed class BanRegistryActivity(BanRegistry bans) : IActivity<BanRegistryCommand, int>
{
    [Function(nameof(BanRegistryActivity))]
    public Task<int> RunFunction([ActivityTrigger] BanRegistryCommand input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<int> RunAsync(BanRegistryCommand input, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var ban in input.Add ?? [])
        {
            await bans.AddAsync(ban, cancellationToken).ConfigureAwait(false);
            count++;
        }

        if (input.Lift is { Count: > 0 })
        {
            count += await bans.LiftAsync(
                    input.Lift,
                    input.SourceCaseId,
                    input.On,
                    input.Reason ?? "Decree 746 Art. 42 reversal",
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        return count;
    }
}
