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
    public virtual Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        // The event's payload record (MarketEntityEventPayloads), the one the orchestration reads it with.
        if (MarketEntityEventPayloads.Misfit(type, payload) is { } misfit)
        {
            return Task.FromResult<IResult?>(ApiProblems.Validation(misfit.Field, "event.payload-shape", misfit.Message));
        }

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
            vocabulary.Count > 0
                ? ApiProblems.Validation(vocabulary)
                : MarketEntityEventRules.Check(catalogProcedure, record, type, payload)
        );
    }

    /// <summary>The form offers only what the procedure's rules would accept now (no <c>register</c> with materials missing).</summary>
    public bool Offers(CaseRecord record, string type) => MarketEntityEventRules.Offers(catalogProcedure, record, type);
}

/// <summary>Registration of a market entity (Decree 746 Arts. 8, 12, 15-21).</summary>
public sealed class RegistrationProcedure(EntityRegisterStore? register = null)
    : MarketEntityProcedure(
        MarketEntityProcedureNames.Registration,
        "REG",
        nameof(RegistrationOrchestration),
        EventCatalog.Registration,
        "submit"
    )
{
    /// <summary>A licence cannot carry a code another entity of the register holds (one code per entity, GB 32100-2015):
    /// <c>register</c> with such a <c>uscc</c> is refused (409) before it claims a stage.</summary>
    public override async Task<IResult?> CheckEventAsync(
        CaseRecord record,
        string type,
        JsonElement payload,
        Principal actor,
        CancellationToken cancellationToken
    )
    {
        if (await base.CheckEventAsync(record, type, payload, actor, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (
            register is null
            || type != "register"
            || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("uscc", out var code)
            || code.ValueKind != JsonValueKind.String
            || await register.GetAsync(code.GetString()!, cancellationToken).ConfigureAwait(false) is not { } holder
            || holder.LastChange.CaseId == record.Id
            || IsExistingCode(record, holder.Uscc)
            || !RegisterRules.IsAnotherEntity(holder, ApplicationName(record))
        )
        {
            return null;
        }

        var (_, refusal) = RegisterRules.Create(holder, holder.Uscc, ApplicationName(record), null, record.Agency, RegisterStatus.Registered, null, holder.LastChange);
        return RegisterApi.Refused(refusal!);
    }

    private static string ApplicationName(CaseRecord record) =>
        record.Data is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("application", out var app)
        && app.ValueKind == JsonValueKind.Object
        && app.TryGetProperty("name", out var name)
        && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : string.Empty;

    /// <summary>A change or re-registration of the entity itself carries its own code (<c>existingUscc</c>, Art. 24).</summary>
    private static bool IsExistingCode(CaseRecord record, string uscc) =>
        record.Data is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("application", out var app)
        && app.ValueKind == JsonValueKind.Object
        && app.TryGetProperty("existingUscc", out var existing)
        && string.Equals(existing.GetString(), uscc, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Simplified deregistration with a 20-day public notice (Decree 746 Art. 33 paras 1-2).</summary>
public sealed class SimplifiedDeregistrationProcedure()
    : MarketEntityProcedure(
        MarketEntityProcedureNames.SimplifiedDeregistration,
        "SDR",
        nameof(SimplifiedDeregistrationOrchestration),
        EventCatalog.SimplifiedDeregistration,
        "apply"
    );

/// <summary>Simplified deregistration of an individual business: no notice, 10 days for departments from the officer's push,
/// then the officer's deregistration (Decree 746 Art. 33 para 3).</summary>
public sealed class IndividualBusinessDeregistrationProcedure()
    : MarketEntityProcedure(
        MarketEntityProcedureNames.IndividualBusinessDeregistration,
        "IBD",
        nameof(IndividualBusinessDeregistrationOrchestration),
        EventCatalog.IndividualBusinessDeregistration,
        "apply"
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
