using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// The Decree 746 procedures the case API knows. Their events come from the one catalogue (EventCatalog, embedded
/// events.json) so roles, required fields and articles are declared once.
/// </summary>
public abstract class MarketEntityProcedure(
    string name,
    string prefix,
    string orchestratorName,
    string catalogProcedure,
    params string[] intakeOnlyEvents
) : ICaseProcedure
{
    public string Name { get; } = name;

    public string CasePrefix { get; } = prefix;

    public string OrchestratorName { get; } = orchestratorName;

    /// <summary>Events of the catalogue, minus the ones that are the intake itself (they arrive as the POST that opens the case).</summary>
    public IReadOnlyList<CaseEventRule> Events { get; } =
        EventCatalog
            .EventsOf(catalogProcedure)
            .Where(e => !intakeOnlyEvents.Contains(e.EventType, StringComparer.Ordinal))
            .Select(e => new CaseEventRule(e.EventType, e.AllowedRoles, e.Article, e.RequiredFields, e.DescriptionEn))
            .ToList();

    /// <summary>The closed vocabularies of the catalogue (material codes of a correction notice, Art. 19 para 2; the
    /// Art. 41 grounds) are checked before the event claims a stage, so the form learns which field is wrong (400);
    /// then what the procedure's rules forbid in the case's state (<see cref="MarketEntityEventRules"/>).</summary>
    public Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        var vocabulary = EventValidation
            .Validate(new EventEnvelope(catalogProcedure, type, actor.Role, payload))
            .Where(e => e.Rule is EventValidation.MaterialCodeRule or EventValidation.Art41GroundRule)
            .Select(e => new ApiError(
                e.Field.StartsWith("payload.", StringComparison.Ordinal) ? e.Field["payload.".Length..] : e.Field,
                e.Rule,
                e.Message
            ))
            .ToList();
        return Task.FromResult(
            vocabulary.Count > 0 ? ApiProblems.Validation(vocabulary) : MarketEntityEventRules.Check(catalogProcedure, record, type, payload)
        );
    }

    /// <summary>The form offers only what the procedure's rules would accept now (no <c>register</c> with materials missing).</summary>
    public bool Offers(CaseRecord record, string type) => MarketEntityEventRules.Offers(catalogProcedure, record, type);
}

/// <summary>Registration of a market entity (Decree 746 Arts. 8, 12, 15-21).</summary>
public sealed class RegistrationProcedure()
    : MarketEntityProcedure(
        MarketEntityProcedureNames.Registration,
        "REG",
        nameof(RegistrationOrchestration),
        EventCatalog.Registration,
        "submit"
    );

/// <summary>Simplified deregistration with a 20-day public notice (Decree 746 Art. 33 paras 1-2).</summary>
public sealed class SimplifiedDeregistrationProcedure()
    : MarketEntityProcedure(
        MarketEntityProcedureNames.SimplifiedDeregistration,
        "SDR",
        nameof(SimplifiedDeregistrationOrchestration),
        EventCatalog.SimplifiedDeregistration,
        "apply"
    );

/// <summary>Simplified deregistration of an individual business: no notice, 10 days for departments (Decree 746 Art. 33 para 3).</summary>
public sealed class IndividualBusinessDeregistrationProcedure()
    : MarketEntityProcedure(
        MarketEntityProcedureNames.IndividualBusinessDeregistration,
        "IBD",
        nameof(IndividualBusinessDeregistrationOrchestration),
        EventCatalog.IndividualBusinessDeregistration,
        "apply",
        "push-to-departments"
    );

/// <summary>Revocation of a registration obtained by fraud (Decree 746 Arts. 40-42).</summary>
public sealed class RevocationProcedure()
    : MarketEntityProcedure(
        MarketEntityProcedureNames.Revocation,
        "REV",
        nameof(RevocationOrchestration),
        EventCatalog.Revocation,
        "apply",
        "accept"
    );

/// <summary>Statutory periods around registered entities (Decree 746 Arts. 24, 26, 29, 30, 32).</summary>
public sealed class TrackerProcedure()
    : MarketEntityProcedure(MarketEntityProcedureNames.Tracker, "TRK", nameof(TrackerOrchestration), EventCatalog.DeadlineTracker, "start");

public static class MarketEntityProcedureNames
{
    public const string Registration = "registration";
    public const string SimplifiedDeregistration = "simplified-deregistration";
    public const string IndividualBusinessDeregistration = "individual-business-deregistration";
    public const string Revocation = "revocation";
    public const string Tracker = "tracker";

    public static readonly IReadOnlyList<string> All =
    [
        Registration,
        SimplifiedDeregistration,
        IndividualBusinessDeregistration,
        Revocation,
        Tracker,
    ];
}
