using Workflows.Domain.Access;
using Workflows.Domain.Power;
using Workflows.Functions.Orchestrations.Power;
using Workflows.Functions.Power;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Power;

/// <summary>The proxy power orchestrations lived through inside their windows (发改办价格〔2021〕809号 二(五), 二(六)): the
/// paths the real-engine tests cannot reach now that every 2021-2022 day has passed.</summary>
public sealed class ProxyOrchestrationTests
{
    private static readonly GridCompany Luohe = ProxyPowerRules.Ndrc809.Grid("luohe")!;

    private static ProxyUserData LeftMarket(string leftOn) =>
        new(
            Luohe.Id,
            Luohe.Name,
            Luohe.Uscc,
            "漯河市郾城区华宇包装材料有限公司",
            "91411103MA9HY6R2TA",
            10m,
            new ProxyUserProfile(TradedDirectly: true),
            null,
            DateOnly.Parse(leftOn, System.Globalization.CultureInfo.InvariantCulture),
            ProxyUserOrchestration.UnderProxy
        );

    private static IEnumerable<string> Actions(ScriptedOrchestrationContext s) => s.Audit.Select(a => a.Action);

    [Fact]
    public async Task User_ChoiceOnTheMidAutumnHolidayInsideTheWindow_TakenToldThenDirectThenBackAtOnePointFive()
    {
        var script = PowerScript
            .Start("2022-07-05 09:00", "PPU-411100-20220705-TESTCASE")
            .Event("2022-09-10 10:00", PowerEvents.ChooseDirect) // Saturday, 中秋节: inside the window closing 15 September
            .Event("2022-09-13 09:00", PowerEvents.ChangeNoticeReceived) // 2 days from the 10th end on the 12th, a holiday
            .Event("2022-11-10 09:00", PowerEvents.ReturnToProxy, new { leftMarketOn = "2022-11-05", withoutLegitimateReason = true });
        var input = new ProxyUserInput(script.CaseId, Luohe.Agency, LeftMarket("2022-06-20"));

        var (completed, _) = await script.RunAsync(c => new ProxyUserOrchestration().RunAsync(c, input));

        Assert.False(completed); // waits under proxy once the notice no longer reaches a quarter
        Assert.Equal(
            ["2022-09-15", "2022-09-13", "2022-12-16"],
            script.PublishedDeadlines.Select(d => d.Due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
        );
        Assert.Equal(
            [
                "returned-to-proxy",
                "window-opened",
                "reminder",
                "chose-direct",
                "deadline-set",
                "change-notice-received",
                "direct",
                "returned-to-proxy",
                "window-opened",
                "reminder",
                "reminder",
                "window-closed",
                "window-beyond-validity",
            ],
            Actions(script)
        );
        var told = script.Audit.Single(a => a.Action == "change-notice-received");
        Assert.False(told.Late);
        var back = script.Updates.Last(u => u.State == ProxyUserOrchestration.UnderProxy && u.DataJson is not null);
        Assert.Contains("\"multiplier\":1.5", back.DataJson!, StringComparison.Ordinal);
        Assert.Contains("2022-12-01", script.Audit.Last(a => a.Action == "returned-to-proxy").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_TradingInstitutionSilent_ChangeNoticeOverdueEscalatedToThePriceOffice()
    {
        var script = PowerScript
            .Start("2022-07-05 09:00", "PPU-411100-20220705-SILENTXX")
            .Event("2022-09-08 10:00", PowerEvents.ChooseDirect);
        var input = new ProxyUserInput(script.CaseId, Luohe.Agency, LeftMarket("2022-06-20"));

        await script.RunAsync(c => new ProxyUserOrchestration().RunAsync(c, input));

        // 2 days from Thursday the 8th end on Saturday the 10th, the Mid-Autumn holiday: Tuesday the 13th.
        Assert.Contains(script.Audit, a => a.Action == "overdue" && a.Summary.Contains("2022-09-13", StringComparison.Ordinal));
        Assert.Contains(script.Notifications, n => n.Kind == "escalation" && n.RecipientRole == Role.MunicipalDrc);
        Assert.Contains("direct", Actions(script));
    }

    [Theory]
    [InlineData("2022-08-27 15:00", "published")] // the day before the last day, Sunday 28 August (not moved)
    [InlineData("2022-08-29 09:00", "published-late")]
    public async Task Publication_September2022_DueSunday28AugustNotMoved(string publishedAt, string outcome)
    {
        var data = new PowerObligationData(PowerObligationKinds.PricePublication, "2022-09", Luohe.Id, Luohe.Name, Luohe.Uscc);
        var script = PowerScript
            .Start("2022-08-01 09:00", "PPO-411100-20220801-TESTCASE")
            .Event(
                publishedAt,
                PowerEvents.Publish,
                new
                {
                    purchasePriceYuanPerKwh = 0.4512m,
                    userPriceYuanPerKwh = 0.6735m,
                    items = ProxyPowerRules.Ndrc809.Publication.Items.Select(i => i.Code).ToArray(),
                    channels = new[] { "service-hall", "app" },
                }
            );

        var (completed, output) = await script.RunAsync(c =>
            new ProxyObligationOrchestration().RunAsync(c, new(script.CaseId, Luohe.Agency, data))
        );

        Assert.True(completed);
        Assert.Equal(outcome, output);
        Assert.Equal(new DateOnly(2022, 8, 28), script.PublishedDeadlines.First().Due);
        Assert.Equal(2, script.Audit.Count(a => a.Action == "reminder")); // 21 and 26 August
        Assert.Equal(outcome == "published-late", script.Audit.Any(a => a.Action == "overdue"));
    }
}
