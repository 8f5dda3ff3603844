using System.Text.Json;
using Workflows.Domain.Power;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Power;

/// <summary>Event types of the proxy power procedures (发改办价格〔2021〕809号).</summary>
public static class PowerEvents
{
    /// <summary>The grid company records the month's publication (二(五)): prices, items, channels, where.</summary>
    public const string Publish = "publish";

    /// <summary>The grid company files the quarter's report to the price department (四(一)).</summary>
    public const string Report = "report";

    /// <summary>The grid company starts proxy purchase for a notified user (二(六), at least 1 month after the notice).</summary>
    public const string StartProxy = "start-proxy";

    /// <summary>The user chooses to trade directly from the next quarter (二(六) 每季度最后15日前).</summary>
    public const string ChooseDirect = "choose-direct";

    /// <summary>The grid company records when the trading institution told it of the change (二(六) 于2日内告知).</summary>
    public const string ChangeNoticeReceived = "change-notice-received";

    /// <summary>The grid company records that a user trading directly left the market: back under proxy by default.</summary>
    public const string ReturnToProxy = "return-to-proxy";
}

/// <summary>The kinds of tracked obligation of a grid company.</summary>
public static class PowerObligationKinds
{
    /// <summary>二(五): a month's proxy prices, published at least 3 days before the month.</summary>
    public const string PricePublication = "price-publication";

    /// <summary>四(一): a quarter's report of proxy purchase and its changes to the price department.</summary>
    public const string QuarterlyReport = "quarterly-report";

    public static readonly IReadOnlyList<string> All = [PricePublication, QuarterlyReport];
}

/// <summary>A grid company's obligation case: which one, for which month or quarter (<see cref="Period"/>: 2021-12 or
/// 2021-Q4), the company, its due day and what it recorded.</summary>
public sealed record PowerObligationData(
    string Kind,
    string Period,
    string GridId,
    string GridName,
    string GridUscc,
    DateOnly? DueOn = null,
    PowerPublication? Publication = null,
    string? ReportSummary = null,
    DateTimeOffset? RecordedUtc = null,
    bool Late = false
)
{
    public static PowerObligationData? From(CaseRecord record) => record.Data?.Deserialize<PowerObligationData>(CaseJson.Options);
}

/// <summary>A user of a grid company under (or about to be under) proxy purchase.</summary>
/// <param name="Status">notified, under-proxy, leaving (chose direct trading from <see cref="DirectFrom"/>), direct.</param>
/// <param name="Window">The quarter whose choice window is open (2022-Q1), when under proxy.</param>
public sealed record ProxyUserData(
    string GridId,
    string GridName,
    string GridUscc,
    string UserName,
    string UserUscc,
    decimal VoltageKv,
    ProxyUserProfile Profile,
    DateOnly? NotifiedOn,
    DateOnly? LeftMarketOn,
    string Status,
    DateOnly? ProxyFrom = null,
    decimal Multiplier = 1m,
    IReadOnlyList<string>? PriceKinds = null,
    string? Window = null,
    DateOnly? WindowClosesOn = null,
    DateOnly? ChoiceOn = null,
    DateOnly? DirectFrom = null,
    DateOnly? ChangeNoticeDueOn = null,
    DateOnly? ChangeNoticeOn = null
)
{
    public static ProxyUserData? From(CaseRecord record) => record.Data?.Deserialize<ProxyUserData>(CaseJson.Options);
}
