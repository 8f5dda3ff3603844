using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.MarketEntities;
using static Workflows.Domain.Tests.Calendar.HolidayPeriodTests;

namespace Workflows.Domain.Tests.Calendar;

/// <summary>Every rule table's periods against the articles that set them (issue 13: one source of truth).</summary>
public sealed class StatutoryPeriodTests
{
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();
    private static readonly DateOnly RulesOn = new(2025, 1, 1);

    // The law as the compendium prints it (市场主体登记管理条例; 河南省耗煤项目煤炭消费替代管理办法 Art. 16). Public notices
    // (公示期为20日 / 45日) count every day and never move; every other period follows Civil Code Arts. 201-203, and
    // the registration decision (3个工作日内) is counted in working days (Administrative Licensing Law Art. 82).
    [Theory]
    [InlineData("change-registration", 30, PeriodUnit.Days, CountingRule.CivilCode, "Art. 24")] // 30日内申请变更登记
    [InlineData("scope-approval-change", 30, PeriodUnit.Days, CountingRule.CivilCode, "Art. 26")] // 自批准之日起30日内
    [InlineData("permit-lapse-change-or-deregister", 30, PeriodUnit.Days, CountingRule.CivilCode, "Art. 26")]
    [InlineData("filing-change", 30, PeriodUnit.Days, CountingRule.CivilCode, "Art. 29")] // 30日内向登记机关办理备案
    [InlineData("cooperative-member-filing", 90, PeriodUnit.Days, CountingRule.CivilCode, "Art. 29")] // 会计年度终了之日起90日内
    [InlineData("suspension-maximum", 3, PeriodUnit.Years, CountingRule.CivilCode, "Art. 30")] // 歇业的期限最长不得超过3年
    [InlineData("liquidation-group-announcement", 10, PeriodUnit.Days, CountingRule.CivilCode, "Art. 32")] // 清算组成立之日起10日内
    [InlineData("deregistration-after-liquidation", 30, PeriodUnit.Days, CountingRule.CivilCode, "Art. 32")] // 清算结束之日起30日内
    [InlineData("registration-decision", 3, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "Art. 19")] // 3个工作日内予以登记
    [InlineData("registration-decision-extension", 3, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "Art. 19")] // 可以再延长3个工作日
    [InlineData("simplified-deregistration-notice", 20, PeriodUnit.Days, CountingRule.NoticeWindow, "Art. 33")] // 公示期为20日
    [InlineData("simplified-deregistration-filing", 20, PeriodUnit.Days, CountingRule.CivilCode, "Art. 33")] // 公示期届满之日起20日内
    [InlineData("individual-business-objection-window", 10, PeriodUnit.Days, CountingRule.CivilCode, "Art. 33")] // 有关部门在10日内可以提出异议
    [InlineData("revocation-public-notice", 45, PeriodUnit.Days, CountingRule.NoticeWindow, "Art. 40")] // 公示期为45日
    [InlineData("revocation-reapplication-ban", 3, PeriodUnit.Years, CountingRule.CivilCode, "Art. 40")] // 3年内不得再次申请
    [InlineData("coal-implementation-report", 3, PeriodUnit.Months, CountingRule.CivilCode, "Art. 16")] // 投产后3个月内
    [InlineData("art12-2-economic-crime", 5, PeriodUnit.Years, CountingRule.CivilCode, "Art. 12(2)")] // 执行期满未逾5年
    [InlineData("art12-3-bankruptcy", 3, PeriodUnit.Years, CountingRule.CivilCode, "Art. 12(3)")] // 自破产清算完结之日起未逾3年
    [InlineData("art12-4-licence-revoked", 3, PeriodUnit.Years, CountingRule.CivilCode, "Art. 12(4)")] // 自被吊销营业执照之日起未逾3年
    [InlineData("coal-rectification", 30, PeriodUnit.Days, CountingRule.CivilCode, "Art. 20")] // 限期整改: the order's limit, else 30 days
    [InlineData("coal-withdrawal-publication", 20, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "Art. 21")] // 向社会公布
    // Issue 14: acts of the authority for which Decree 746 names no period; the table's reading names the one it takes.
    [InlineData("individual-business-push", 3, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "Art. 33")] // 推送（无期限，参照第十九条）
    [InlineData("individual-business-deregistration", 3, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "Art. 33")] // 直接办理注销登记
    [InlineData("publication-revocation", 20, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "企业信息公示暂行条例第六条")] // 予以公示
    [InlineData("publication-reversal", 20, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "Art. 42")] // 并…公示
    [InlineData("standard-factory-submission", 31, PeriodUnit.Days, CountingRule.CivilCode, "三(一)")] // 漯政〔2021〕17号 每半年首月
    [InlineData("patent-award-publicity", 5, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "第十二条(六)")] // 漯政〔2021〕22号 公示不少于5个工作日
    [InlineData("patent-award-fraud-ban", 6, PeriodUnit.Years, CountingRule.CivilCode, "第十八条")] // 漯政〔2021〕22号 6年内不得申报
    [InlineData("two-high-energy-diagnosis", 5, PeriodUnit.Years, CountingRule.CivilCode, "（十）")] // 豫政办〔2021〕65号 五年内至少开展一次
    [InlineData("proxy-price-publication", 3, PeriodUnit.Days, CountingRule.DaysBefore, "二(五)")] // 809号 提前3日公布
    [InlineData("proxy-direct-trading-choice", 15, PeriodUnit.Days, CountingRule.DaysBefore, "二(六)")] // 每季度最后15日前
    [InlineData("proxy-change-notice", 2, PeriodUnit.Days, CountingRule.CivilCode, "二(六)")] // 于2日内告知电网企业
    [InlineData("proxy-quarterly-report", 1, PeriodUnit.Months, CountingRule.CivilCode, "四(一)")] // 按季度报价格主管部门
    [InlineData("licence-return", 10, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "Art. 37 para 3")] // 缴回（无期限，系统默认）
    [InlineData("publication-licence-void", 20, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "企业信息公示暂行条例第六条")] // 公告作废
    [InlineData("publication-suspension", 20, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "Art. 30 para 3")] // 公示歇业期限
    [InlineData("publication-resumption", 20, PeriodUnit.WorkingDays, CountingRule.WorkingDays, "企业信息公示暂行条例第十条")] // 公示恢复营业
    public void Find_EveryTablePeriod_IsTheOneTheArticleStates(string id, int amount, PeriodUnit unit, CountingRule counting,
        string article)
    {
        var period = StatutoryPeriods.Find(id, RulesOn);

        Assert.NotNull(period);
        Assert.Equal((id, amount, unit, counting), (period.Id, period.Amount, period.Unit, period.Counting));
        Assert.Contains(article, period.LegalBasis, StringComparison.Ordinal);
        Assert.Empty(period.Problems());
    }

    [Fact]
    public void All_EveryTablePeriod_IsCoveredByTheArticleTable()
    {
        var ids = StatutoryPeriods.All(RulesOn).Select(p => p.Id).ToList();
        var rows = typeof(StatutoryPeriodTests)
            .GetMethod(nameof(Find_EveryTablePeriod_IsTheOneTheArticleStates))!
            .GetCustomAttributes(typeof(InlineDataAttribute), inherit: false)
            .Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        // A new table period needs its article row in the theory above.
        var uncovered = ids.Where(id => !rows.Contains(id)).ToList();
        Assert.True(uncovered.Count == 0, $"Table periods without an article row: {string.Join(", ", uncovered)}");
    }

    // Issue 14 item 5: where the compendium leaves a choice, the table states the reading it takes (Chinese first).
    [Theory]
    [InlineData("simplified-deregistration-notice", "不顺延")] // 公示期 on calendar days, no Art. 203 roll-forward
    [InlineData("revocation-public-notice", "不顺延")]
    [InlineData("simplified-deregistration-filing", "lapsed")] // nobody applies within the 20 days
    [InlineData("revocation-reapplication-ban", "顺延")] // a ban's last day on a rest day
    [InlineData("individual-business-push", "未规定推送期限")]
    [InlineData("individual-business-deregistration", "未规定期限")]
    [InlineData("publication-revocation", "企业信息公示暂行条例")]
    [InlineData("publication-reversal", "企业信息公示暂行条例")]
    [InlineData("licence-return", "系统默认值，非法定期限")]
    [InlineData("publication-licence-void", "企业信息公示暂行条例")]
    [InlineData("publication-suspension", "企业信息公示暂行条例")]
    [InlineData("publication-resumption", "企业信息公示暂行条例")]
    public void Reading_PeriodWhereTheLawLeavesAChoice_StatesTheReadingChineseFirst(string id, string says)
    {
        var reading = StatutoryPeriods.Reading(id);

        Assert.NotNull(reading);
        Assert.Contains(says, reading, StringComparison.Ordinal);
        Assert.Matches(@"^[\p{IsCJKUnifiedIdeographs}0-9][^/]* / [A-Z""]", reading);
    }

    [Fact]
    public void TrackerKinds_PeriodOfAKind_CarriesTheKindsIdAndArticle()
    {
        Assert.All(TrackerKinds.All, k => Assert.Equal((k.Id, k.Article), (k.Period.Id, k.Period.LegalBasis)));
        Assert.Equal(Enum.GetValues<CountingRule>().Order(), TrackerKinds.CountingRules.Keys.Order());
    }

    // The disagreement issue 13 settled: Decree 746's public notices do not move past rest days, the 10-day department
    // objection window (an act of offices) does. 2024-08-17 + 45 days and 2024-09-21 + 10 days both land on 国庆节 (10-01).
    [Theory]
    [InlineData("revocation-public-notice", "2024-08-17", "2024-10-01")]
    [InlineData("individual-business-objection-window", "2024-09-21", "2024-10-08")]
    public void Compute_LastDayOnNationalDay_MovesOnlyOutsideNoticeWindows(string id, string start, string expected)
    {
        var result = Calendar.Compute(StatutoryPeriods.Find(id, RulesOn)!, D(start));

        Assert.Equal(D(expected), result.Deadline);
    }

    [Theory]
    [InlineData(PeriodUnit.WorkingDays, CountingRule.CivilCode)]
    [InlineData(PeriodUnit.Months, CountingRule.NoticeWindow)]
    [InlineData(PeriodUnit.Days, CountingRule.WorkingDays)]
    public void Problems_UnitTheRuleCannotCount_IsNamed(PeriodUnit unit, CountingRule counting)
    {
        var period = new LegalPeriod("bad", 3, unit, counting, "Decree 746");

        Assert.Contains(period.Problems(), p => p.Contains("cannot be counted", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => period.RuleId);
    }

    [Fact]
    public void Problems_NonPositiveAmount_IsNamed()
    {
        Assert.Contains(new LegalPeriod("bad", 0, PeriodUnit.Days, CountingRule.CivilCode, "Decree 746").Problems(),
            p => p.Contains("positive", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("working-days")]
    [InlineData("calendar-days")]
    [InlineData("months")]
    [InlineData("years")]
    [InlineData("notice-window")]
    public void FromRuleId_RecordedRule_RoundTripsToTheSameRule(string rule)
    {
        Assert.Equal(rule, LegalPeriod.FromRuleId("recorded", rule, 5).RuleId);
    }

    [Fact]
    public void ImplementationReport_CoalTable_IsAnArticle16Period()
    {
        var review = RuleTableSet.Embedded.For(RulesOn).Review;

        Assert.Equal(3, review.ImplementationReportMonths);
        Assert.EndsWith("Art. 16", review.ImplementationReportArticle, StringComparison.Ordinal);
    }
}
