using System.Globalization;
using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Http;

namespace Workflows.Functions.MarketEntities;

/// <summary>What a suspension filing or a resumption adds to a register change (Decree 746 Art. 30), read and checked.</summary>
public sealed record SuspensionTerms(DateOnly? From, DateOnly? Until, string? ServiceAddress, bool DeemedResumption, DateOnly? PublishedOn);

/// <summary>
/// Art. 30 as the register's change route reads it: a suspension is filed before it begins (para 3 "在歇业前…办理备案"),
/// with the service address the authority publishes (paras 3 and 5) and a period of at most 3 years (para 4, the
/// period <c>suspension-maximum</c> of trackers.json, counted on the legal calendar); a resumption is the entity's own
/// publication or, found operating during the suspension, deemed (视为恢复营业) with the publication then owed.
/// </summary>
public static class RegisterSuspension
{
    public const string ServiceAddressRule = "register.suspension.service-address";
    public const string StartRule = "register.suspension.start";
    public const string TooLongRule = "register.suspension.too-long";
    public const string PublicationRule = "register.resumption.publication";

    public static (SuspensionTerms Terms, IReadOnlyList<ApiError> Errors) Read(
        RegisterChangeKind kind,
        JsonElement json,
        DateOnly decidedOn,
        DateOnly today,
        LegalCalendar calendar
    )
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return kind switch
        {
            RegisterChangeKind.Suspended => ReadSuspension(json, decidedOn, calendar),
            RegisterChangeKind.Resumed => ReadResumption(json, today),
            _ => (new SuspensionTerms(null, null, null, false, null), []),
        };
    }

    private static (SuspensionTerms, IReadOnlyList<ApiError>) ReadSuspension(JsonElement json, DateOnly filedOn, LegalCalendar calendar)
    {
        var errors = new List<ApiError>();
        var address = Text(json, "serviceAddress")?.Trim();
        if (string.IsNullOrEmpty(address))
        {
            errors.Add(
                new ApiError(
                    "serviceAddress",
                    ServiceAddressRule,
                    "歇业备案须写明法律文书送达地址（第三十条第三款、第五款） / 'serviceAddress' (the address for legal documents) is required "
                        + "(Decree 746 Art. 30 paras 3, 5)."
                )
            );
        }

        var from = Date(json, "suspendedFrom", errors) ?? filedOn;
        if (from < filedOn)
        {
            errors.Add(
                new ApiError(
                    "suspendedFrom",
                    StartRule,
                    $"歇业应当在歇业前备案：歇业起始日 {from:yyyy-MM-dd} 早于备案日 {filedOn:yyyy-MM-dd} / A suspension is filed before it begins: "
                        + $"{from:yyyy-MM-dd} is before the filing day {filedOn:yyyy-MM-dd} (Decree 746 Art. 30 para 3)."
                )
            );
        }

        var until = Date(json, "suspendedUntil", errors);
        var maximum = calendar.Compute(Domain.StatutoryPeriods.Find(PublicationDutyKinds.SuspensionMaximum, from)!, from).Deadline;
        if (until is null && !json.TryGetProperty("suspendedUntil", out _))
        {
            errors.Add(
                new ApiError("suspendedUntil", TooLongRule, "须写明歇业期限的末日 / 'suspendedUntil' (the last day of the suspension) is required.")
            );
        }
        else if (until is { } last && (last <= from || last > maximum))
        {
            errors.Add(
                new ApiError(
                    "suspendedUntil",
                    TooLongRule,
                    $"歇业期限最长不得超过3年：末日须在 {from:yyyy-MM-dd} 之后、不晚于 {maximum:yyyy-MM-dd} / A suspension lasts at most 3 years: "
                        + $"its last day must be after {from:yyyy-MM-dd} and no later than {maximum:yyyy-MM-dd} (Decree 746 Art. 30 para 4)."
                )
            );
        }

        return (new SuspensionTerms(from, until, address, false, null), errors);
    }

    private static (SuspensionTerms, IReadOnlyList<ApiError>) ReadResumption(JsonElement json, DateOnly today)
    {
        var errors = new List<ApiError>();
        var deemed = json.TryGetProperty("deemed", out var d) && d.ValueKind == JsonValueKind.True;
        var published = Date(json, "publishedOn", errors);
        if (!deemed && published is null)
        {
            errors.Add(
                new ApiError(
                    "publishedOn",
                    PublicationRule,
                    "恢复营业须写明市场主体在国家企业信用信息公示系统公示之日，或以 deemed=true 记录歇业期间开展经营活动、视为恢复营业 / "
                        + "'publishedOn' (the entity's publication of its resumption) is required, or deemed=true for an entity found operating "
                        + "during its suspension (Decree 746 Art. 30 para 4)."
                )
            );
        }
        else if (published > today)
        {
            errors.Add(new ApiError("publishedOn", PublicationRule, $"公示日期晚于今天 / 'publishedOn' is after today ({today:yyyy-MM-dd})."));
        }

        return (new SuspensionTerms(null, null, null, deemed, published), errors);
    }

    /// <summary>The obligations the change opens, as data of <see cref="ObligationOpener"/>'s cases.</summary>
    public static IEnumerable<ObligationRequest> Obligations(RegisterEntry entry, SuspensionTerms terms)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(terms);
        foreach (var kind in PublicationDutyKinds.OpenedBy(entry.LastChange.Kind, terms.DeemedResumption))
        {
            var data = new PublicationDutyData
            {
                Kind = kind,
                Uscc = entry.Uscc,
                EntityName = entry.Name,
                DecidedOn = entry.LastChange.DecidedOn,
                Decision = entry.LastChange.Decision,
                SuspendedFrom = terms.From,
                SuspendedUntil = terms.Until,
                ServiceAddress = terms.ServiceAddress,
            };
            yield return new ObligationRequest($"{entry.Uscc}|{entry.LastChange.ChangeId}|{kind}", entry.Agency, data);
        }
    }

    /// <summary>The terms as the change's decision text keeps them (the register's history is the record).</summary>
    public static string Describe(SuspensionTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms switch
        {
            { Until: { } until, From: { } from } => $"；歇业期限 {Day(from)} 至 {Day(until)}，法律文书送达地址：{terms.ServiceAddress}",
            { DeemedResumption: true } => "；歇业期间开展经营活动，视为恢复营业（第三十条第四款）",
            { PublishedOn: { } on } => $"；市场主体已于 {Day(on)} 公示恢复营业",
            _ => string.Empty,
        };
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(JsonElement json, string field, List<ApiError> errors)
    {
        if (!json.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (
            value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        )
        {
            return date;
        }

        errors.Add(new ApiError(field, "date.format", $"日期格式须为 yyyy-MM-dd / '{field}' must be a date written yyyy-MM-dd."));
        return null;
    }

    private static string? Text(JsonElement json, string property) =>
        json.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
