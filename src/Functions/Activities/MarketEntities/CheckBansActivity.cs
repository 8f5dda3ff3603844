using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Registry;

namespace Workflows.Functions.Activities.MarketEntities;

/// <param name="Scope">The kind of ban that bars the act checked (<see cref="BanScopes"/>); null: a market-entity
/// registration (the inputs recorded before there was more than one kind).</param>
public sealed record BanCheckInput(IReadOnlyList<PersonIdentity> Persons, DateOnly OnDate, string? Scope = null);

/// <summary>Checks the persons of an application against active bans of one kind (Decree 746 Art. 12, Art. 40 para 3;
/// 漯政〔2021〕22号 第十八条、第十九条).</summary>
public sealed class CheckBansActivity(BanRegistry bans) : IActivity<BanCheckInput, IReadOnlyList<BanHitView>>
{
    [Function(nameof(CheckBansActivity))]
    public Task<IReadOnlyList<BanHitView>> RunFunction([ActivityTrigger] BanCheckInput input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<IReadOnlyList<BanHitView>> RunAsync(BanCheckInput input, CancellationToken cancellationToken)
    {
        var registry = new List<Ban>();
        foreach (var person in input.Persons)
        {
            registry.AddRange(await bans.BansOfAsync(person.IdNumber, cancellationToken).ConfigureAwait(false));
        }

        return BanCheck
            .FindActiveBans(
                input.Persons.Select(p => (p.Name, p.IdNumber)),
                registry,
                input.OnDate,
                input.Scope ?? BanScopes.MarketEntityRegistration
            )
            .Select(h => new BanHitView(
                h.PersonName,
                h.PersonIdNumber,
                h.Ban.Reason,
                h.Ban.Article,
                h.SourceCaseId,
                h.Ban.StartDate,
                h.EndDate,
                h.NameMatches
            ))
            .ToList();
    }
}
