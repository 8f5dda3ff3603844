using System.Globalization;
using Workflows.Domain.Energy;

namespace Workflows.Domain.Power;

/// <summary>What the grid company declares it published for a month (二(五), 四(二)): the prices in yuan per kWh, the
/// items and the channels, and where the public can read it. When it was recorded is the server's time, never this.</summary>
public sealed record PowerPublication(
    decimal PurchasePriceYuanPerKwh,
    decimal UserPriceYuanPerKwh,
    IReadOnlyList<string> Items,
    IReadOnlyList<string> Channels,
    string? Url = null
);

/// <summary>The facts about a user that the 1.5 times price and the bar on leaving rest on (二(五) 第二段).</summary>
/// <param name="TradedDirectly">已直接参与市场交易 (traded on the market at least once).</param>
/// <param name="ReturnedWithoutLegitimateReason">Returned from the market to proxy purchase without a legitimate reason.</param>
/// <param name="CoalCaptivePlant">Owns a coal-fired captive power plant (拥有燃煤发电自备电厂).</param>
/// <param name="HighEnergyConsuming">A high-energy-consuming user (高耗能用户).</param>
public sealed record ProxyUserProfile(
    bool TradedDirectly = false,
    bool ReturnedWithoutLegitimateReason = false,
    bool CoalCaptivePlant = false,
    bool HighEnergyConsuming = false
);

/// <summary>The multiplier on the proxy purchase price for a user and the kinds of 二(五) 第二段 it falls under.</summary>
public sealed record ProxyPriceDecision(decimal Multiplier, IReadOnlyList<string> Kinds, string Explanation, string Article);

/// <summary>The first proxy day against the notice (二(六)): the earliest day allowed and whether the day asked is.</summary>
public sealed record FirstProxyDecision(DateOnly NotifiedOn, DateOnly Earliest, DateOnly Requested, bool Allowed, string Message);

/// <summary>The clauses of 发改办价格〔2021〕809号 as functions of the table: one method per clause.</summary>
public static class ProxyPowerClauses
{
    /// <summary>Whether the notice reaches a month's prices: the month begins after the notice was issued and on or before
    /// the end of its validity (本通知自印发之日起执行，暂定有效期至2022年12月31日).</summary>
    public static bool Covers(ProxyPowerRules rules, PowerMonth month) =>
        month.FirstDay > rules.ValidFrom && month.FirstDay <= rules.ValidUntil;

    /// <summary>Whether the notice reaches a quarter's choice window: the quarter ends after the issue and begins within
    /// the validity.</summary>
    public static bool Covers(ProxyPowerRules rules, PowerQuarter quarter) =>
        quarter.LastDay > rules.ValidFrom && quarter.FirstDay <= rules.ValidUntil;

    /// <summary>二(五): the day a month's prices are fixed against (the month's first day, 于次月执行) and the day the
    /// obligation opens (the first day of the month before, when the prices are measured, 按月测算).</summary>
    public static (DateOnly Opens, DateOnly FixedDay) PublicationWindow(PowerMonth month) => (month.Previous.FirstDay, month.FirstDay);

    /// <summary>二(六): the window a user chooses in during <paramref name="quarter"/> to trade directly from the next
    /// quarter: it opens on the quarter's first day and is fixed against the next quarter's first day (下一季度起).</summary>
    public static (DateOnly Opens, DateOnly FixedDay) ChoiceWindow(PowerQuarter quarter) => (quarter.FirstDay, quarter.Next.FirstDay);

    /// <summary>二(六): the first proxy purchase at least one month after the user was notified, by the corresponding day
    /// (民法典第二百零二条; <see cref="DateOnly.AddMonths"/> takes the month's last day where there is none).</summary>
    public static FirstProxyDecision FirstProxy(ProxyPowerRules rules, DateOnly notifiedOn, DateOnly requested)
    {
        var earliest = notifiedOn.AddMonths(rules.FirstProxy.NoticeMonths);
        var allowed = requested >= earliest;
        var message = allowed
            ? $"{Day(requested)}首次代理购电，已于 {Day(notifiedOn)} 通知（不早于 {Day(earliest)}） / First proxy purchase on {Day(requested)}: "
                + $"notified on {Day(notifiedOn)}, allowed from {Day(earliest)}."
            : $"首次代理购电应至少提前{rules.FirstProxy.NoticeMonths}个月通知用户：{Day(notifiedOn)} 通知的用户最早 {Day(earliest)} 起代理，"
                + $"不得为 {Day(requested)} / The first proxy purchase is at least {rules.FirstProxy.NoticeMonths} month(s) after the "
                + $"notice: a user notified on {Day(notifiedOn)} is under proxy from {Day(earliest)} at the earliest, not {Day(requested)}.";
        return new FirstProxyDecision(notifiedOn, earliest, requested, allowed, message);
    }

    /// <summary>二(五) 第二段: 1.5 times the proxy purchase price for a user that left the market without a legitimate
    /// reason (not one registered on the platform that never traded), owns a coal-fired captive plant, or is
    /// high-energy-consuming; 1 for everyone else.</summary>
    public static ProxyPriceDecision Price(ProxyPowerRules rules, ProxyUserProfile user)
    {
        var kinds = new List<string>();
        if (user.TradedDirectly && user.ReturnedWithoutLegitimateReason)
        {
            kinds.Add("left-market-without-reason");
        }

        if (user.CoalCaptivePlant)
        {
            kinds.Add("coal-captive-plant");
        }

        if (user.HighEnergyConsuming)
        {
            kinds.Add("high-energy-consuming");
        }

        var rule = rules.DoublePrice;
        if (kinds.Count == 0)
        {
            return new ProxyPriceDecision(
                1m,
                [],
                "按代理购电价格、输配电价、政府性基金及附加执行 / Proxy purchase price, transmission and distribution, funds and surcharges.",
                rules.Cite(rule.Article)
            );
        }

        var names = kinds.Select(k => rule.Kinds.First(x => x.Code == k)).ToList();
        var times = rule.Multiplier.ToString("0.##", CultureInfo.InvariantCulture);
        return new ProxyPriceDecision(
            rule.Multiplier,
            kinds,
            $"{string.Join("；", names.Select(n => n.Zh))}：用电价格由代理购电价格的{times}倍、输配电价、政府性基金及附加组成 / "
                + $"{string.Join("; ", names.Select(n => n.En))}: {times} times the proxy purchase price, plus transmission and "
                + "distribution, funds and surcharges.",
            rules.Cite(rule.Article)
        );
    }

    /// <summary>二(五) 第二段: a high-energy-consuming user that trades directly may not leave the market; anyone else who
    /// leaves returns to proxy purchase by default (二(六)). Null: it may leave.</summary>
    public static ValidationError? LeaveMarket(ProxyPowerRules rules, ProxyUserProfile user) =>
        user.HighEnergyConsuming && user.TradedDirectly
            ? new ValidationError(
                "highEnergyConsuming",
                "power.high-energy.no-exit",
                "已直接参与市场交易的高耗能用户，不得退出市场交易 / A high-energy-consuming user that trades directly may not leave the market.",
                rules.Cite(rules.DoublePrice.HighEnergyNoExitArticle)
            )
            : null;

    /// <summary>二(五), 四(二): a publication names positive prices, the user price at least the purchase price it is made
    /// of, every required item, known channels and at least one online and one offline (线上线下渠道).</summary>
    public static IReadOnlyList<ValidationError> CheckPublication(ProxyPowerRules rules, PowerPublication publication)
    {
        var p = rules.Publication;
        var article = rules.Cite("二(五)");
        var errors = new List<ValidationError>();
        if (publication.PurchasePriceYuanPerKwh <= 0m || publication.PurchasePriceYuanPerKwh > 10m)
        {
            errors.Add(
                new(
                    "purchasePriceYuanPerKwh",
                    "power.publication.price",
                    "代理购电价格应为 0 至 10 元/千瓦时 / The proxy purchase price is " + "0 to 10 yuan per kWh.",
                    article
                )
            );
        }

        if (publication.UserPriceYuanPerKwh < publication.PurchasePriceYuanPerKwh || publication.UserPriceYuanPerKwh > 20m)
        {
            errors.Add(
                new(
                    "userPriceYuanPerKwh",
                    "power.publication.user-price",
                    "代理购电用户电价由代理购电价格、输配电价、政府性基金及附加组成，"
                        + "不得低于代理购电价格 / The user price is made of the purchase price and the rest: never below it.",
                    article
                )
            );
        }

        var unknownItems = publication.Items.Where(i => p.Items.All(x => x.Code != i)).ToList();
        var missing = p.Items.Where(x => x.Required && !publication.Items.Contains(x.Code)).ToList();
        if (unknownItems.Count > 0 || missing.Count > 0)
        {
            errors.Add(
                new(
                    "items",
                    "power.publication.items",
                    $"应公布：{string.Join("、", missing.Select(m => m.Zh))}{(unknownItems.Count > 0 ? $"；未知项目 {string.Join(", ", unknownItems)}" : "")} / "
                        + $"Missing: {string.Join(", ", missing.Select(m => m.Code))}"
                        + (unknownItems.Count > 0 ? $"; unknown: {string.Join(", ", unknownItems)}" : "")
                        + ".",
                    rules.Cite("四(二)")
                )
            );
        }

        var channels = publication.Channels.Select(c => p.Channels.FirstOrDefault(x => x.Code == c)).ToList();
        if (channels.Any(c => c is null) || !channels.Any(c => c is { Online: true }) || !channels.Any(c => c is { Online: false }))
        {
            errors.Add(
                new(
                    "channels",
                    "power.publication.channels",
                    $"应通过线上线下渠道公布（{string.Join("、", p.Channels.Select(c => $"{c.Code} {c.Zh}"))}），线上、线下至少各一 / "
                        + "Publish online and offline: at least one of each of the listed channels.",
                    rules.Cite(p.ChannelsArticle)
                )
            );
        }

        return errors;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
