using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Energy;

/// <summary>A supplementary plan (Art. 14) recorded on the case.</summary>
public sealed record CoalSupplementRecord(
    string EventId,
    DateOnly On,
    decimal PreviousD,
    decimal NewD,
    decimal AdditionalTonnes,
    string Explanation,
    string Article
);

/// <summary>The coal-substitution case's Data: the filing, Q with its formula, the review route and the gates' state.</summary>
/// <param name="Intake">The filing (Arts. 2, 9-11).</param>
/// <param name="RulesEffectiveFrom">Effective date of the rule table used for K1/K2 and the thresholds.</param>
/// <param name="Substitution">Q = D × K1 × K2 with the values used (Art. 8).</param>
/// <param name="Route">Review route (Art. 11).</param>
/// <param name="AcceptedOn">Filing date.</param>
/// <param name="AchievedTonnes">Substitution booked in the ledger when last published (the ledger is the truth).</param>
/// <param name="MinimumShareBeforeReview">Art. 15 share (40%).</param>
public sealed record CoalCaseData(
    CoalProjectIntake Intake,
    DateOnly RulesEffectiveFrom,
    SubstitutionAmount Substitution,
    ReviewRoute Route,
    DateOnly AcceptedOn,
    decimal AchievedTonnes,
    decimal MinimumShareBeforeReview,
    string Phase = CoalPhases.Collecting,
    bool ConfirmedByLocalGovernment = false,
    string? PreliminaryOpinion = null,
    string? Decision = null,
    string? PortalUrl = null,
    DateOnly? PublishedOn = null,
    IReadOnlyList<CoalSupplementRecord>? Supplements = null,
    DateOnly? ProductionStart = null,
    DateOnly? ReportDue = null,
    string? ReportDocument = null,
    bool? ReportLate = null,
    DateOnly? ApprovedOn = null,
    DateOnly? ConfirmedOn = null,
    CoalRectification? Rectification = null,
    CoalWithdrawal? Withdrawal = null
)
{
    /// <summary>Tonnes that must be booked before review (Art. 15).</summary>
    public decimal RequiredBeforeReview => Substitution.SubstitutionTonnes * MinimumShareBeforeReview;

    public static CoalCaseData? From(CaseRecord record) => record.Data is { } d ? d.Deserialize<CoalCaseData>(CaseJson.Options) : null;
}

/// <summary>Art. 20: a time-limited rectification ordered because the substitution plan is not implemented, and, when
/// production had started before approval and confirmation (Arts. 15, 17, reported after the fact), the violation.</summary>
/// <param name="ProducedSince">The day production started unlawfully, when that is the finding.</param>
/// <param name="AcceptedOn">The day the ordering department found the rectification done.</param>
/// <param name="Overdue">The limit passed without rectification (逾期不整改: handled under the applicable laws).</param>
public sealed record CoalRectification(
    string OrderEventId,
    DateOnly OrderedOn,
    string Finding,
    DateOnly? ProducedSince,
    DateOnly Due,
    DateOnly? AcceptedOn = null,
    bool Overdue = false
);

/// <summary>Art. 21: the review opinion withdrawn, why, and its publication (相关情况向社会公布) as a tracked obligation.</summary>
public sealed record CoalWithdrawal(
    DateOnly WithdrawnOn,
    WithdrawalGround Ground,
    string Finding,
    DateOnly PublicationDue,
    string? PortalUrl = null,
    DateOnly? PublishedOn = null,
    bool? PublishedLate = null
);

/// <summary>Phases of a coal-substitution case (also its <c>State</c>).</summary>
public static class CoalPhases
{
    public const string Collecting = "collecting-substitution";
    public const string PreliminaryOpinion = "awaiting-preliminary-opinion";
    public const string ProvincialReview = "provincial-review";
    public const string MunicipalReview = "municipal-review";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Reporting = "awaiting-implementation-report";
    public const string ReportOverdue = "report-overdue";
    public const string Reported = "report-filed";

    /// <summary>Art. 21: the opinion is withdrawn; its publication is awaited.</summary>
    public const string Withdrawn = "opinion-withdrawn";

    /// <summary>Art. 21: the withdrawal is published; the case is closed.</summary>
    public const string WithdrawalPublished = "withdrawal-published";
}

/// <summary>Henan division codes of the prefecture-level cities and of Luohe's counties (GB/T 2260), so a case lands
/// in the agency that reviews it and county offices see their county's cases.</summary>
public static class HenanDivisions
{
    public const string Province = "410000";

    private static readonly Dictionary<string, string> Cities = new(StringComparer.Ordinal)
    {
        ["郑州市"] = "410100",
        ["开封市"] = "410200",
        ["洛阳市"] = "410300",
        ["平顶山市"] = "410400",
        ["安阳市"] = "410500",
        ["鹤壁市"] = "410600",
        ["新乡市"] = "410700",
        ["焦作市"] = "410800",
        ["濮阳市"] = "410900",
        ["许昌市"] = "411000",
        ["漯河市"] = "411100",
        ["三门峡市"] = "411200",
        ["南阳市"] = "411300",
        ["商丘市"] = "411400",
        ["信阳市"] = "411500",
        ["周口市"] = "411600",
        ["驻马店市"] = "411700",
        ["济源示范区"] = "419001",
        ["济源市"] = "419001",
    };

    private static readonly Dictionary<string, string> LuoheCounties = new(StringComparer.Ordinal)
    {
        ["源汇区"] = "411102",
        ["郾城区"] = "411103",
        ["召陵区"] = "411104",
        ["舞阳县"] = "411121",
        ["临颍县"] = "411122",
    };

    /// <summary>The city's code (falls back to the province for a name not in the list).</summary>
    public static string CityCode(string? city) => city is not null && Cities.TryGetValue(city.Trim(), out var code) ? code : Province;

    /// <summary>A city of Henan this table knows; a place outside Henan is for the ledger's Art. 5 rule to refuse.</summary>
    public static bool IsHenanCity(string? city) => city is not null && Cities.ContainsKey(city.Trim());

    /// <summary>The county's code when known (Luohe), else the city's.</summary>
    public static string AgencyOf(ProjectLocation location) =>
        location.County is { } county && location.City == "漯河市" && LuoheCounties.TryGetValue(county.Trim(), out var code)
            ? code
            : CityCode(location.City);

    /// <summary>A Luohe county's code, or the city's (411100) when unknown.</summary>
    public static string LuoheCounty(string county) => LuoheCounties.TryGetValue(county.Trim(), out var code) ? code : "411100";
}

/// <summary>Event types of the energy procedures.</summary>
public static class EnergyEvents
{
    public const string AllocateSource = "allocate-source";
    public const string SubmitForReview = "submit-for-review";
    public const string PreliminaryOpinion = "preliminary-opinion";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string RecordPublication = "record-publication";
    public const string ConfirmSubstitution = "confirm-substitution";
    public const string Supplement = "supplement";
    public const string StartProduction = "start-production";
    public const string Report = "report";
    public const string Progress = "progress";

    /// <summary>Art. 20: 责令限期整改 (optionally recording production that started before approval, Arts. 15, 17).</summary>
    public const string OrderRectification = "order-rectification";

    /// <summary>Art. 20: the ordering department finds the rectification done.</summary>
    public const string AcceptRectification = "accept-rectification";

    /// <summary>Art. 21: 撤销原审查意见.</summary>
    public const string WithdrawOpinion = "withdraw-opinion";

    /// <summary>Art. 21: 相关情况向社会公布, recorded with where and when.</summary>
    public const string RecordWithdrawalPublication = "record-withdrawal-publication";
}

/// <summary>Shared helpers for energy payloads.</summary>
public static class EnergyPayload
{
    public static decimal? Number(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number
                ? (v.TryGetDecimal(out var n) ? n : null)
                : v.ValueKind == JsonValueKind.String
                && decimal.TryParse(
                    v.GetString(),
                    System.Globalization.NumberStyles.Number,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out var d
                )
                    ? d
                    : null
            : null;

    public static string? Text(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    public static DateOnly? Date(JsonElement payload, string name) =>
        Text(payload, name) is { } t
        && DateOnly.TryParseExact(
            t,
            "yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None,
            out var d
        )
            ? d
            : null;
}
