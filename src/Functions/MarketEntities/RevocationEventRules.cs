using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Functions.Cases;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// What Decree 746 Arts. 40-42 forbid the authority in a revocation case, refused before the event claims a stage:
/// a revocation while investigating without a finding that the registration is false (Art. 40 para 2 "经调查认定存在
/// 虚假市场主体登记情形的…应当撤销"; after an unopposed 45-day notice the case is <c>notice-ended</c> and may be
/// revoked without one), and a publication of something the law does not ask to publish (Arts. 37, 40, 42). An Art. 41
/// ground is checked with the closed vocabularies (<c>event.art41-ground</c>).
/// </summary>
public static class RevocationEventRules
{
    public const string NoFindingRule = "revocation.no-finding";

    public const string PublicationItemRule = "publication.item";

    public const string NoFindingArticle = "Decree 746 Art. 40 para 2";

    public const string NoFindingText =
        "未经调查认定存在虚假市场主体登记情形，公示期也未无异议届满，不得撤销（《市场主体登记管理条例》第四十条第二款） / "
        + "No revocation without an investigation finding that the registration is false or an unopposed 45-day notice "
        + "(Decree 746 Art. 40 para 2).";

    private const string DecideRevoke = "decide-revoke";

    private const string Investigating = "investigating";

    /// <summary>The refusal of <paramref name="type"/> on <paramref name="record"/>, or null when the law allows it now.</summary>
    public static IResult? Check(CaseRecord record, string type, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (type == DecideRevoke && !MayRevoke(record))
        {
            return MarketEntityRefusal.Conflict("type", NoFindingRule, NoFindingArticle, NoFindingText);
        }

        if (type == PublicationItems.RecordEvent && PublicationItems.Find(Text(payload, "item")) is null)
        {
            return MarketEntityRefusal.Invalid(
                "item",
                PublicationItemRule,
                "Decree 746 Art. 37 para 3, Art. 40 para 3, Art. 42",
                $"“item”须为须公示的事项之一：{string.Join("、", PublicationItems.All.Select(i => $"{i.NameZh}（{i.Code}）"))} / "
                    + $"'item' must be one of {string.Join(", ", PublicationItems.All.Select(i => i.Code))}."
            );
        }

        return null;
    }

    /// <summary>The form offers <c>decide-revoke</c> only when the law allows it now.</summary>
    public static bool Offers(CaseRecord record, string type) => type != DecideRevoke || MayRevoke(record);

    /// <summary>Art. 40 para 2: a finding establishes the false registration unless it says <c>"established": false</c>.</summary>
    public static bool Establishes(JsonElement payload) =>
        !(
            payload.ValueKind == JsonValueKind.Object
            && payload.TryGetProperty("established", out var established)
            && established.ValueKind == JsonValueKind.False
        );

    /// <summary>Whether a finding of the case establishes the false registration (one rule for the API and the orchestration).</summary>
    public static bool HasEstablishingFinding(RevocationCaseData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Findings.Any(f => f.Established != false);
    }

    private static bool MayRevoke(CaseRecord record)
    {
        if (record.State != Investigating || record.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return true;
        }

        return data.TryGetProperty("findings", out var findings)
            && findings.ValueKind == JsonValueKind.Array
            && findings.EnumerateArray().Any(f => !(f.TryGetProperty("established", out var e) && e.ValueKind == JsonValueKind.False));
    }

    private static string? Text(JsonElement payload, string property) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
