using System.Text.Json;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// Keeps the register in step with the decisions of the market-entity procedures, from the case-update step their
/// orchestrations already run (no orchestration step changes): a registration that ends <c>registered</c> creates the
/// entry; a deregistration that ends <c>deregistered</c>, a revocation (<c>revoked</c>) and its Art. 42 reversal
/// (<c>revocation-reversed</c>) change it. The change id is the case and its outcome, so a retried update writes once.
/// A deregistration or revocation written also owes the licence back (Art. 37 para 3): the obligation is queued in
/// <see cref="ObligationOutbox"/> (an activity cannot start an orchestration) and opened by <see cref="ObligationOpener"/>.
/// </summary>
public sealed class RegisterFromCases(
    EntityRegisterStore register,
    ILogger<RegisterFromCases>? logger = null,
    ObligationOutbox? obligations = null
)
{
    /// <summary>Applies what <paramref name="outcome"/> of the case means for the register, if anything.</summary>
    public async Task<RegisterWrite?> ApplyAsync(CaseRecord record, string outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return null;
        }

        var on = ChinaTime.ToLegalDate(record.UpdatedUtc);
        var write = (record.Procedure, outcome) switch
        {
            (MarketEntityProcedureNames.Registration, "registered") => await RegisteredAsync(record, data, cancellationToken)
                .ConfigureAwait(false),
            (
                MarketEntityProcedureNames.SimplifiedDeregistration
                    or MarketEntityProcedureNames.IndividualBusinessDeregistration,
                "deregistered"
            ) => await DeregisteredAsync(record, data, on, cancellationToken).ConfigureAwait(false),
            (MarketEntityProcedureNames.Revocation, "revoked") => await RevocationAsync(
                    record,
                    data,
                    RegisterChangeKind.Revoked,
                    cancellationToken
                )
                .ConfigureAwait(false),
            (MarketEntityProcedureNames.Revocation, "revocation-reversed") => await RevocationAsync(
                    record,
                    data,
                    RegisterChangeKind.RevocationReversed,
                    cancellationToken
                )
                .ConfigureAwait(false),
            _ => null,
        };
        // A retried update finds its change applied already (Applied false): the entry's last change is still this case's.
        if (write is { Refusal: null, Entry: { } changed } && changed.LastChange.CaseId == record.Id && obligations is not null)
        {
            await QueueObligationsAsync(record, changed, cancellationToken).ConfigureAwait(false);
        }

        if (write?.Refusal is { } refusal)
        {
            // The case stands as decided; the register keeps what it had and the officer sees why in the log.
            logger?.LogWarning(
                "Register not changed by case {CaseId} ({Outcome}): {Rule} {Article}.",
                record.Id,
                outcome,
                refusal.Rule,
                refusal.Article
            );
        }

        return write;
    }

    /// <summary>Art. 37 para 3: 登记机关依法作出…注销登记和撤销登记决定的，市场主体应当缴回营业执照.</summary>
    private async Task QueueObligationsAsync(CaseRecord record, RegisterEntry entry, CancellationToken ct)
    {
        if (entry.LastChange.Kind == RegisterChangeKind.RevocationReversed)
        {
            foreach (var end in ObligationEnds.OfReversal(record.Id, entry.LastChange.Decision))
            {
                await obligations!.EndAsync(end, ct).ConfigureAwait(false);
            }
        }

        foreach (var kind in PublicationDutyKinds.OpenedBy(entry.LastChange.Kind, deemedResumption: false))
        {
            var data = new PublicationDutyData
            {
                Kind = kind,
                Uscc = entry.Uscc,
                EntityName = entry.Name,
                DecidedOn = entry.LastChange.DecidedOn,
                Decision = $"{record.Id} {RegisterRules.Describe(entry.LastChange.Kind)}",
                SourceCaseId = record.Id,
            };
            await obligations!.AddAsync(new ObligationRequest($"{entry.LastChange.ChangeId}|{kind}", record.Agency, data), ct).ConfigureAwait(false);
        }
    }

    private async Task<RegisterWrite?> RegisteredAsync(CaseRecord record, JsonElement data, CancellationToken ct)
    {
        if (!data.TryGetProperty("licence", out var licenceJson))
        {
            return null;
        }

        var licence = licenceJson.Deserialize<BusinessLicence>(CaseJson.Options)!;
        var app = data.TryGetProperty("application", out var a) ? a.Deserialize<RegistrationApplication>(CaseJson.Options) : null;
        var change = Change(
            record,
            RegisterChangeKind.Registered,
            licence.EstablishmentDate,
            $"{record.Id} 营业执照 {licence.LicenceNumber}"
        );
        IReadOnlyList<RegisterPerson>? persons = app?.LegalRepresentative is { Name: { } name, IdNumber: { } id }
            ? [new RegisterPerson(app.EntityType.PrincipalPersonTitleZh(), name, id)]
            : null;
        return await register
            .CreateAsync(
                existing =>
                    RegisterRules.Create(
                        existing,
                        licence.Uscc,
                        licence.Name,
                        licence.EntityType,
                        record.Agency,
                        RegisterStatus.Registered,
                        licence.EstablishmentDate,
                        change,
                        persons
                    ),
                licence.Uscc,
                change,
                ct
            )
            .ConfigureAwait(false);
    }

    private async Task<RegisterWrite?> RevocationAsync(CaseRecord record, JsonElement data, RegisterChangeKind kind, CancellationToken ct)
    {
        var uscc = Text(data, "application", "targetUscc");
        var day = kind == RegisterChangeKind.Revoked ? Date(data, "revokedOn") : Date(data, "reversedOn");
        if (uscc is null || day is null)
        {
            return null;
        }

        var change = Change(record, kind, day.Value, $"{record.Id} {RegisterRules.Describe(kind)}");
        await EnterIfAbsentAsync(record, uscc, Text(data, "application", "targetName"), null, change, ct).ConfigureAwait(false);
        return await register.ChangeAsync(uscc, change, ct).ConfigureAwait(false);
    }

    private async Task<RegisterWrite?> DeregisteredAsync(CaseRecord record, JsonElement data, DateOnly on, CancellationToken ct)
    {
        if (Text(data, "request", "entity", "uscc") is not { } uscc)
        {
            return null;
        }

        var kind = RegisterChangeKind.Deregistered;
        var change = Change(record, kind, on, $"{record.Id} {RegisterRules.Describe(kind)}");
        var type = Text(data, "request", "entity", "entityType") is { } t
            ? JsonSerializer.Deserialize<EntityType>(JsonSerializer.Serialize(t), CaseJson.Options)
            : (EntityType?)null;
        await EnterIfAbsentAsync(record, uscc, Text(data, "request", "entity", "name"), type, change, ct).ConfigureAwait(false);
        return await register.ChangeAsync(uscc, change, ct).ConfigureAwait(false);
    }

    /// <summary>An entity registered before this system kept its register (and not imported) is entered as registered,
    /// from what its case states, so that the decision applies to it and the register does not forget it.</summary>
    private async Task EnterIfAbsentAsync(
        CaseRecord record,
        string uscc,
        string? name,
        EntityType? type,
        RegisterChange decision,
        CancellationToken ct
    )
    {
        if (await register.GetAsync(uscc, ct).ConfigureAwait(false) is not null)
        {
            return;
        }

        var entered = decision with
        {
            ChangeId = decision.ChangeId + "|entered",
            Kind = RegisterChangeKind.Imported,
            Article = RegisterRules.ArticleOf(RegisterChangeKind.Imported),
            Decision = $"{record.Id} 所涉市场主体，此前未在登记簿中 / the entity of {record.Id}, not in the register before",
        };
        await register
            .CreateAsync(
                e => RegisterRules.Create(e, uscc, name ?? uscc, type, record.Agency, RegisterStatus.Registered, null, entered),
                uscc,
                entered,
                ct
            )
            .ConfigureAwait(false);
    }

    private static RegisterChange Change(CaseRecord record, RegisterChangeKind kind, DateOnly on, string decision) =>
        new(
            $"{record.Id}|{kind}",
            kind,
            on,
            decision,
            RegisterRules.ArticleOf(kind),
            CaseFlowActor,
            "工作流 / Workflow",
            record.UpdatedUtc,
            record.Id
        );

    private const string CaseFlowActor = "system";

    private static string? Text(JsonElement data, params string[] path)
    {
        var node = data;
        foreach (var name in path)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))
            {
                return null;
            }
        }

        return node.ValueKind == JsonValueKind.String ? node.GetString() : null;
    }

    private static DateOnly? Date(JsonElement data, string name) =>
        Text(data, name) is { } text && DateOnly.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
}
