using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Cases;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// What Decree 746 Art. 19 forbids an officer to do in a registration case, refused before the event claims a stage:
/// a correction notice (一次性告知, para 2) that omits a material the case already knows is missing — there is only one
/// notice, so an omission could never be made good — and a registration while materials are missing (para 1: only
/// "申请材料齐全、符合法定形式" is registered). The case knows its missing materials from the formal review at intake
/// and after the resubmission (<see cref="RegistrationCaseData.MissingMaterials"/>).
/// </summary>
public static class RegistrationEventRules
{
    public const string CorrectionIncompleteRule = "correction.incomplete";

    public const string MaterialsMissingRule = "registration.materials-missing";

    public const string RegistrationArticle = "Decree 746 Art. 19 para 1";

    public const string CorrectionArticle = "Decree 746 Art. 19 para 2";

    public const string RegisterEvent = "register";

    public const string CorrectionEvent = "request-correction";

    /// <summary>The refusal of <paramref name="type"/> on <paramref name="record"/>, or null when the law allows it now.</summary>
    public static IResult? Check(CaseRecord record, string type, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(record);
        return type switch
        {
            CorrectionEvent => CheckCorrection(KnownMissing(record), payload),
            RegisterEvent => CheckRegister(KnownMissing(record)),
            _ => null,
        };
    }

    /// <summary>Whether the case's form offers <paramref name="type"/>: no <c>register</c> while materials are missing.</summary>
    public static bool Offers(CaseRecord record, string type) => type != RegisterEvent || KnownMissing(record).Count == 0;

    /// <summary>The material codes the case knows are missing (its data's <c>missingMaterials</c>).</summary>
    public static IReadOnlyList<string> KnownMissing(CaseRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (
            record.Data is not { ValueKind: JsonValueKind.Object } data
            || !data.TryGetProperty("missingMaterials", out var missing)
            || missing.ValueKind != JsonValueKind.Array
        )
        {
            return [];
        }

        return missing.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!).ToList();
    }

    /// <summary>Art. 19 para 2: the officer may add materials to the notice, never leave out one the case knows is missing.</summary>
    private static IResult? CheckCorrection(IReadOnlyList<string> known, JsonElement payload)
    {
        var listed = payload.TryGetProperty("missingMaterials", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var omitted = known.Where(code => !listed.Contains(code)).ToList();
        if (omitted.Count == 0)
        {
            return null;
        }

        var names = string.Join("、", omitted.Select(Describe));
        return MarketEntityRefusal.Invalid(
            "missingMaterials",
            CorrectionIncompleteRule,
            CorrectionArticle,
            $"一次性告知须列明案件已知缺少的全部材料，遗漏：{names}（《市场主体登记管理条例》第十九条第二款） / "
                + $"The one-time correction notice must list every material the case knows is missing; it omits "
                + $"{string.Join(", ", omitted)} (Decree 746 Art. 19 para 2)."
        );
    }

    /// <summary>Art. 19 para 1: only complete materials in legal form are registered.</summary>
    private static IResult? CheckRegister(IReadOnlyList<string> known)
    {
        if (known.Count == 0)
        {
            return null;
        }

        var names = string.Join("、", known.Select(Describe));
        var detail =
            $"申请材料不齐全，不得登记，缺少：{names}；请一次性告知补正或不予登记（《市场主体登记管理条例》第十九条第一款） / "
            + $"Materials are missing ({string.Join(", ", known)}): only complete materials in legal form may be registered; "
            + "request the correction or refuse (Decree 746 Art. 19 para 1).";
        return MarketEntityRefusal.Conflict("missingMaterials", MaterialsMissingRule, RegistrationArticle, detail);
    }

    private static string Describe(string code) =>
        RequiredMaterials.Catalogue.TryGetValue(code, out var material) ? $"{material.NameZh}（{code}）" : code;
}
