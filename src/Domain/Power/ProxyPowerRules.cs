using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;

namespace Workflows.Domain.Power;

/// <summary>An item of the monthly publication (二(五) 代理购电价格、代理购电用户电价; 四(二) 按月发布的信息).</summary>
public sealed record PublicationItem(string Code, string Zh, string En, bool Required, string Article);

/// <summary>A channel the prices are published through (营业厅等线上线下渠道); <see cref="Online"/> tells which side.</summary>
public sealed record PublicationChannel(string Code, string Zh, string En, bool Online);

/// <summary>The monthly publication (二(五)): its period before the month, reminders, the items and channels.</summary>
public sealed record PublicationRules(
    LegalPeriod Period,
    string PeriodReading,
    IReadOnlyList<int> ReminderDaysBefore,
    string Article,
    IReadOnlyList<PublicationItem> Items,
    IReadOnlyList<PublicationChannel> Channels,
    string ChannelsArticle,
    string ChannelsReading
);

/// <summary>The first proxy purchase of a user, at least <see cref="NoticeMonths"/> after the notice (二(六)).</summary>
public sealed record FirstProxyRules(int NoticeMonths, string Article, string Reading, string DefaultArticle);

/// <summary>A period with its reminders and the clause that sets it.</summary>
public sealed record PeriodRules(LegalPeriod Period, string PeriodReading, IReadOnlyList<int> ReminderDaysBefore, string Article);

/// <summary>The trading institution tells the grid company of a change within 2 days (二(六)).</summary>
public sealed record ChangeNoticeRules(LegalPeriod Period, string Article);

/// <summary>The quarterly report to the price department (四(一)); the day is the table's reading.</summary>
public sealed record QuarterlyReportRules(LegalPeriod Period, string Reading, IReadOnlyList<int> ReminderDaysBefore, string Article);

/// <summary>The one-off report of the implementation to the NDRC's price department (by 2021-11-15).</summary>
public sealed record ImplementationReportRules(DateOnly DueOn, string Article, string Reading);

/// <summary>A kind of user whose price is made with 1.5 times the proxy purchase price (二(五) 第二段).</summary>
public sealed record DoublePriceKind(string Code, string Zh, string En, string Article);

/// <summary>The 1.5 times price and the high-energy users' bar on leaving the market (二(五) 第二段).</summary>
public sealed record DoublePriceRules(
    decimal Multiplier,
    IReadOnlyList<DoublePriceKind> Kinds,
    string Exception,
    string ExceptionReading,
    string PriceMakeUp,
    string HighEnergyNoExitArticle,
    string Article
);

/// <summary>Users that left the market return to proxy purchase by default (二(一), 二(六)).</summary>
public sealed record ReturnToProxyRules(string Article, string Reading);

/// <summary>A grid company that buys by proxy and publishes the prices; its cases are its own (USCC) and of its
/// division code (<see cref="Agency"/>), which the price office of that division supervises.</summary>
public sealed record GridCompany(string Id, string Name, string Uscc, string Agency);

/// <summary>
/// The rule table of 发改办价格〔2021〕809号 (<c>Data/Power/proxy-power-809.json</c>): validity, the monthly publication,
/// the first proxy purchase, the quarterly choice to trade directly, the change notice, the reports, the 1.5 times price
/// and the grid companies. Checked on load so a table that contradicts its own rules never reaches a case.
/// </summary>
public sealed record ProxyPowerRules(
    string Id,
    string Title,
    string SourceDocument,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    string ValidityArticle,
    string ValidityReading,
    PublicationRules Publication,
    FirstProxyRules FirstProxy,
    PeriodRules DirectTradingChoice,
    ChangeNoticeRules ChangeNotice,
    QuarterlyReportRules QuarterlyReport,
    ImplementationReportRules ImplementationReport,
    DoublePriceRules DoublePrice,
    ReturnToProxyRules ReturnToProxy,
    IReadOnlyList<GridCompany> GridCompanies
)
{
    public const string Resource = "proxy-power-809.json";

    private static readonly Lazy<ProxyPowerRules> Embedded = new(() =>
    {
        using var stream =
            typeof(ProxyPowerRules).Assembly.GetManifestResourceStream("Workflows.Domain.Data.Power/" + Resource)
            ?? throw new InvalidOperationException($"Embedded rule data 'Power/{Resource}' is missing from Workflows.Domain.");
        return Load(stream);
    });

    /// <summary>The embedded table of 发改办价格〔2021〕809号.</summary>
    public static ProxyPowerRules Ndrc809 => Embedded.Value;

    /// <summary>Citation of a section of the notice, e.g. "发改办价格〔2021〕809号 二(六)".</summary>
    public string Cite(string section) => $"{SourceDocument} {section}";

    /// <summary>Every period the table declares (for <see cref="StatutoryPeriods"/>).</summary>
    public IReadOnlyList<LegalPeriod> Periods =>
        [Publication.Period, DirectTradingChoice.Period, ChangeNotice.Period, QuarterlyReport.Period];

    /// <summary>Reminder offsets of a period of this table, or null.</summary>
    public IReadOnlyList<int>? ReminderDaysBefore(string periodId) =>
        periodId == Publication.Period.Id ? Publication.ReminderDaysBefore
        : periodId == DirectTradingChoice.Period.Id ? DirectTradingChoice.ReminderDaysBefore
        : periodId == QuarterlyReport.Period.Id ? QuarterlyReport.ReminderDaysBefore
        : null;

    /// <summary>The reading the table takes of a period where the notice leaves a choice, or null.</summary>
    public string? Reading(string periodId) =>
        periodId == Publication.Period.Id ? Publication.PeriodReading
        : periodId == DirectTradingChoice.Period.Id ? DirectTradingChoice.PeriodReading
        : periodId == QuarterlyReport.Period.Id ? QuarterlyReport.Reading
        : null;

    public GridCompany? Grid(string id) => GridCompanies.FirstOrDefault(g => string.Equals(g.Id, id, StringComparison.Ordinal));

    public static ProxyPowerRules Load(Stream json)
    {
        var rules =
            JsonSerializer.Deserialize<ProxyPowerRules>(json, EnergyJson.Options)
            ?? throw new InvalidDataException("Proxy power rules JSON is empty.");
        return Check(rules);
    }

    private static ProxyPowerRules Check(ProxyPowerRules r)
    {
        if (r.ValidUntil < r.ValidFrom || r.GridCompanies is not { Count: > 0 } || r.Publication.Items is not { Count: > 0 })
        {
            throw new InvalidDataException($"Rules '{r.Id}' lack a validity, grid companies or publication items.");
        }

        foreach (var period in r.Periods)
        {
            if (period.Problems() is [var problem, ..])
            {
                throw new InvalidDataException(problem);
            }
        }

        // Both limits run back from a fixed day (the month's first day, the next quarter's first day).
        if (r.Publication.Period.Counting != CountingRule.DaysBefore || r.DirectTradingChoice.Period.Counting != CountingRule.DaysBefore)
        {
            throw new InvalidDataException($"Rules '{r.Id}': publication and choice are limits before a fixed day (daysBefore).");
        }

        if (!r.Publication.Channels.Any(c => c.Online) || !r.Publication.Channels.Any(c => !c.Online))
        {
            throw new InvalidDataException($"Rules '{r.Id}': the channels must offer online and offline ones (线上线下渠道).");
        }

        if (r.DoublePrice.Multiplier <= 1m || r.DoublePrice.Kinds is not { Count: > 0 } || r.FirstProxy.NoticeMonths <= 0)
        {
            throw new InvalidDataException($"Rules '{r.Id}': the 1.5 times price needs kinds and a multiplier above 1.");
        }

        return r;
    }
}
