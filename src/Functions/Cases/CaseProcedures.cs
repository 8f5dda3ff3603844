using Workflows.Domain.Access;

namespace Workflows.Functions.Cases;

/// <summary>An event a procedure accepts: who may send it, what it must carry, and the article it rests on.</summary>
public sealed record CaseEventRule(
    string Type,
    IReadOnlyList<Role> AllowedRoles,
    string Article,
    IReadOnlyList<string> RequiredFields,
    string Description
);

/// <summary>A procedure the case API knows: its case-id prefix, its orchestrator and its events.</summary>
public interface ICaseProcedure
{
    /// <summary>Procedure id used in URLs and filters, e.g. <c>registration</c>.</summary>
    string Name { get; }

    /// <summary>Case id prefix, e.g. <c>REG</c>.</summary>
    string CasePrefix { get; }

    string OrchestratorName { get; }

    IReadOnlyList<CaseEventRule> Events { get; }

    /// <summary>Procedure-specific refusal of an event before it claims a stage (e.g. a legal gate not met: 409 with
    /// the numbers). Null accepts the event. The default accepts everything.</summary>
    Task<Microsoft.AspNetCore.Http.IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        System.Text.Json.JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    ) => Task.FromResult<Microsoft.AspNetCore.Http.IResult?>(null);

    /// <summary>Whether the case's form offers the awaited event <paramref name="type"/> now (false where
    /// <see cref="CheckEventAsync"/> would refuse it whatever the payload). The default offers every awaited event.</summary>
    bool Offers(CaseRecord record, string type) => true;
}

/// <summary>All procedures registered in DI, by name.</summary>
public sealed class CaseProcedureCatalog(IEnumerable<ICaseProcedure> procedures)
{
    private readonly Dictionary<string, ICaseProcedure> byName = procedures.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<ICaseProcedure> All => byName.Values;

    public ICaseProcedure? Find(string name) => byName.GetValueOrDefault(name);

    public CaseEventRule? FindEvent(string procedure, string type) =>
        Find(procedure)?.Events.FirstOrDefault(e => string.Equals(e.Type, type, StringComparison.Ordinal));
}
