using System.Globalization;
using Workflows.Domain.Calendar;
using Workflows.Domain.Power;

namespace Workflows.Domain.Tests.Power;

/// <summary>发改办价格〔2021〕809号 clause by clause: validity, 二(五) the monthly publication 提前3日 and the 1.5 times price,
/// 二(六) the first proxy purchase, the quarterly choice 每季度最后15日前 and the 2-day change notice, 四(一) the report.</summary>
public sealed class ProxyPowerTests
{
    private static readonly ProxyPowerRules Rules = ProxyPowerRules.Ndrc809;
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();

    private static DateOnly D(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    // 二(五) 提前3日: three whole days between the last day and the 1st, neither counted; a rest day is not moved.
    [InlineData("2021-12", "2021-11-27")] // Saturday: stays, the users keep their three days
    [InlineData("2022-01", "2021-12-28")]
    [InlineData("2022-02", "2022-01-28")] // before the Spring Festival
    [InlineData("2022-03", "2022-02-25")] // February has 28 days
    [InlineData("2022-09", "2022-08-28")] // Sunday: stays
    [InlineData("2022-10", "2022-09-27")]
    public void Publication_LastDay_IsThreeWholeDaysBeforeTheMonth(string month, string expected)
    {
        Assert.True(PowerMonth.TryParse(month, out var m));
        var (opens, fixedDay) = ProxyPowerClauses.PublicationWindow(m);

        var result = Calendar.Compute(Rules.Publication.Period, fixedDay);

        Assert.Equal(D(expected), result.Deadline);
        Assert.Equal(LegalCalendar.DaysBeforeRule, result.Rule);
        Assert.Equal(m.Previous.FirstDay, opens);
        Assert.Equal(3, fixedDay.DayNumber - result.Deadline.DayNumber - 1);
    }

    [Fact]
    public void DaysBefore_LastDayOnARestDay_IsNotMovedAndSaysSo()
    {
        var result = Calendar.DaysBefore(D("2021-12-01"), 3);

        Assert.Equal(D("2021-11-27"), result.Deadline);
        Assert.False(Calendar.IsWorkingDay(result.Deadline));
        Assert.Contains(result.ExplanationLines, l => l.Code == "calendar.not-moved");
        Assert.Contains(result.ExplanationLines, l => l.Code == "calendar.rest-day.weekend");
    }

    [Theory]
    // 二(六) 每季度最后15日前: the quarter's last 15 days lie whole before the next quarter; counted in calendar days.
    [InlineData("2021-Q4", "2021-12-16")]
    [InlineData("2022-Q1", "2022-03-16")]
    [InlineData("2022-Q2", "2022-06-15")] // the Dragon Boat holiday (3-5 June) lies inside the window and counts
    [InlineData("2022-Q3", "2022-09-15")] // the Mid-Autumn holiday (10-12 September) lies inside the window and counts
    [InlineData("2022-Q4", "2022-12-16")]
    public void Choice_LastDay_IsBeforeTheQuartersLastFifteenDays(string quarter, string expected)
    {
        Assert.True(PowerQuarter.TryParse(quarter, out var q));
        var (opens, fixedDay) = ProxyPowerClauses.ChoiceWindow(q);

        var result = Calendar.Compute(Rules.DirectTradingChoice.Period, fixedDay);

        Assert.Equal(D(expected), result.Deadline);
        Assert.Equal(15, q.LastDay.DayNumber - result.Deadline.DayNumber);
        Assert.Equal(q.FirstDay, opens);
        Assert.Equal(q.Next.FirstDay, fixedDay);
    }

    [Fact]
    public void Choice_LastDayOnASaturday_IsNotMovedToMonday()
    {
        // The rule itself, outside the notice's validity: the quarter ending 2023-12-31 would close on Saturday 16 December;
        // the Civil Code's roll-forward (Art. 203) would give Monday 18th, inside the last 15 days the notice keeps free.
        var result = Calendar.Compute(Rules.DirectTradingChoice.Period, D("2024-01-01"));

        Assert.Equal(D("2023-12-16"), result.Deadline);
        Assert.Equal(DayOfWeek.Saturday, result.Deadline.DayOfWeek);
        Assert.Contains(result.ExplanationLines, l => l.Code == "calendar.not-moved");
    }

    [Theory]
    [InlineData("2021-10", false)] // begins before the notice was issued (2021-10-23)
    [InlineData("2021-11", true)]
    [InlineData("2022-12", true)]
    [InlineData("2023-01", false)] // 暂定有效期至2022年12月31日
    public void Covers_Month_FollowsTheValidity(string month, bool covered)
    {
        Assert.True(PowerMonth.TryParse(month, out var m));
        Assert.Equal(covered, ProxyPowerClauses.Covers(Rules, m));
    }

    [Theory]
    [InlineData("2021-Q3", false)]
    [InlineData("2021-Q4", true)]
    [InlineData("2022-Q4", true)]
    [InlineData("2023-Q1", false)]
    public void Covers_Quarter_FollowsTheValidity(string quarter, bool covered)
    {
        Assert.True(PowerQuarter.TryParse(quarter, out var q));
        Assert.Equal(covered, ProxyPowerClauses.Covers(Rules, q));
    }

    [Theory]
    // 二(六) 至少提前1个月通知: by the corresponding day (民法典第二百零二条), the month's last day where there is none.
    [InlineData("2021-11-15", "2021-12-15", true)]
    [InlineData("2021-11-15", "2021-12-14", false)]
    [InlineData("2021-11-15", "2021-12-01", false)]
    [InlineData("2021-11-15", "2022-01-01", true)]
    [InlineData("2021-11-01", "2021-12-01", true)] // exactly one month
    [InlineData("2022-01-31", "2022-02-28", true)] // no 31 February: the month's last day
    [InlineData("2022-01-31", "2022-02-27", false)]
    public void FirstProxy_AtLeastOneMonthAfterTheNotice(string notified, string requested, bool allowed)
    {
        var decision = ProxyPowerClauses.FirstProxy(Rules, D(notified), D(requested));

        Assert.Equal(allowed, decision.Allowed);
        Assert.StartsWith(
            allowed ? D(requested).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "首次代理购电应至少提前1个月",
            decision.Message
        );
    }

    [Theory]
    // 二(五) 第二段: 1.5 times for the three kinds; registered-but-never-traded users returning are not "left the market".
    [InlineData(false, false, false, false, 1.0, "")]
    [InlineData(true, true, false, false, 1.5, "left-market-without-reason")]
    [InlineData(true, false, false, false, 1.0, "")] // returned with a legitimate reason
    [InlineData(false, true, false, false, 1.0, "")] // registered on the platform, never traded
    [InlineData(false, false, true, false, 1.5, "coal-captive-plant")]
    [InlineData(false, false, false, true, 1.5, "high-energy-consuming")]
    [InlineData(true, true, true, false, 1.5, "left-market-without-reason,coal-captive-plant")]
    public void Price_ListedKinds_PayOnePointFiveTimes(
        bool traded,
        bool withoutReason,
        bool coal,
        bool highEnergy,
        double multiplier,
        string kinds
    )
    {
        var decision = ProxyPowerClauses.Price(Rules, new ProxyUserProfile(traded, withoutReason, coal, highEnergy));

        Assert.Equal((decimal)multiplier, decision.Multiplier);
        Assert.Equal(kinds, string.Join(",", decision.Kinds));
        Assert.Contains("二(五) 第二段", decision.Article, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true, "power.high-energy.no-exit")] // 已直接参与市场交易的高耗能用户，不得退出市场交易
    [InlineData(false, true, null)] // a high-energy user under proxy has not traded: nothing to leave
    [InlineData(true, false, null)]
    public void LeaveMarket_HighEnergyUserTradingDirectly_IsRefused(bool traded, bool highEnergy, string? rule)
    {
        var error = ProxyPowerClauses.LeaveMarket(Rules, new ProxyUserProfile(traded, HighEnergyConsuming: highEnergy));

        Assert.Equal(rule, error?.Rule);
    }

    private static PowerPublication Publication(
        decimal price = 0.4438m,
        decimal userPrice = 0.6612m,
        string[]? items = null,
        string[]? channels = null
    ) => new(price, userPrice, items ?? [.. Rules.Publication.Items.Select(i => i.Code)], channels ?? ["service-hall", "app"]);

    [Fact]
    public void CheckPublication_EveryItemBothChannels_HasNoErrors() =>
        Assert.Empty(ProxyPowerClauses.CheckPublication(Rules, Publication()));

    [Theory]
    [InlineData("price", "power.publication.price")]
    [InlineData("user-price", "power.publication.user-price")]
    [InlineData("items", "power.publication.items")]
    [InlineData("online-only", "power.publication.channels")]
    [InlineData("offline-only", "power.publication.channels")]
    [InlineData("unknown-channel", "power.publication.channels")]
    public void CheckPublication_Defect_NamesTheRule(string defect, string rule)
    {
        var publication = defect switch
        {
            "price" => Publication(price: 0m, userPrice: 0.5m),
            "user-price" => Publication(price: 0.45m, userPrice: 0.40m),
            "items" => Publication(items: ["proxy-purchase-price", "user-price"]),
            "online-only" => Publication(channels: ["website", "app"]),
            "offline-only" => Publication(channels: ["service-hall"]),
            _ => Publication(channels: ["service-hall", "app", "wechat"]),
        };

        var errors = ProxyPowerClauses.CheckPublication(Rules, publication);

        Assert.Equal([rule], errors.Select(e => e.Rule));
    }

    [Fact]
    public void ChangeNotice_TwoDaysAfterTheChoice_MovesOffARestDay()
    {
        // 于2日内告知: a choice on Thursday 2022-09-08 is told by Saturday 10th, the Mid-Autumn holiday: Tuesday 13th.
        var result = Calendar.Compute(Rules.ChangeNotice.Period, D("2022-09-08"));

        Assert.Equal(D("2022-09-13"), result.Deadline);
    }

    [Theory]
    [InlineData("2021-Q4", "2022-02-07")] // 31 January 2022 is 除夕 of the Spring Festival (31 January-6 February)
    [InlineData("2022-Q1", "2022-05-05")] // 30 April is in the Labour Day holiday (30 April-4 May)
    [InlineData("2022-Q3", "2022-10-31")] // 30 October is a Sunday
    public void QuarterlyReport_DueAMonthAfterTheQuarter(string quarter, string expected)
    {
        Assert.True(PowerQuarter.TryParse(quarter, out var q));

        var result = Calendar.Compute(Rules.QuarterlyReport.Period, q.LastDay);

        Assert.Equal(D(expected), result.Deadline);
    }

    [Fact]
    public void Load_TableContradictingItself_IsRefused()
    {
        using var embedded = typeof(ProxyPowerRules).Assembly.GetManifestResourceStream(
            "Workflows.Domain.Data.Power/" + ProxyPowerRules.Resource
        )!;
        var json = new StreamReader(embedded).ReadToEnd();
        var onlineOnly = json.Replace("\"online\": false", "\"online\": true", StringComparison.Ordinal);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(onlineOnly));

        Assert.Throws<InvalidDataException>(() => ProxyPowerRules.Load(stream));
    }

    [Theory]
    [InlineData("2021-12", true)]
    [InlineData("2021-13", false)]
    [InlineData("2021-1", false)]
    [InlineData("2021/12", false)]
    public void PowerMonth_TryParse_ReadsYearDashMonth(string text, bool ok) => Assert.Equal(ok, PowerMonth.TryParse(text, out _));

    [Theory]
    [InlineData("2022-Q1", "2022年第一季度")]
    [InlineData("2022-Q4", "2022年第四季度")]
    public void PowerQuarter_Zh_NamesTheQuarter(string text, string zh)
    {
        Assert.True(PowerQuarter.TryParse(text, out var q));
        Assert.Equal(zh, q.Zh);
    }

    [Theory]
    [InlineData("power/shuanghui-notified.json", 1.0, "")]
    [InlineData("power/huayu-left-market.json", 1.5, "left-market-without-reason")]
    [InlineData("power/wuyang-steel-notified.json", 1.5, "coal-captive-plant,high-energy-consuming")]
    public void Samples_Users_PayThePriceTheirFactsGive(string file, double multiplier, string kinds)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Tests.MarketEntities.Fixtures.SamplesDirectory(), file)));
        var profile = System.Text.Json.JsonSerializer.Deserialize<ProxyUserProfile>(json.RootElement.GetProperty("profile"), Workflows.Domain.Energy.EnergyJson.Options)!;

        var decision = ProxyPowerClauses.Price(Rules, profile);

        Assert.Equal((decimal)multiplier, decision.Multiplier);
        Assert.Equal(kinds, string.Join(",", decision.Kinds));
    }

    [Fact]
    public void Samples_Publication_HasEveryItemAndBothKindsOfChannel()
    {
        var path = Path.Combine(Tests.MarketEntities.Fixtures.SamplesDirectory(), "events", "proxy-power-obligation-publish.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var publication = System.Text.Json.JsonSerializer.Deserialize<PowerPublication>(
            json.RootElement.GetProperty("payload"),
            Workflows.Domain.Energy.EnergyJson.Options
        )!;

        Assert.Empty(ProxyPowerClauses.CheckPublication(Rules, publication));
    }
}
