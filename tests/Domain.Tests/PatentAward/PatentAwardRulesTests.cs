using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Domain.PatentAward;

namespace Workflows.Domain.Tests.PatentAward;

/// <summary>漯政〔2021〕22号 article by article: 第五条 rounds, caps and the invention share, 第十二条(六) the publicity on
/// the legal calendar, 第十六条 conflicts of interest, 第十八条 fraud before and after the award with the 6-year ban,
/// 第十九条 the recommending unit's suspension — the last two on the one ban registry's check.</summary>
public sealed class PatentAwardRulesTests
{
    private static readonly PatentAwardRules Rules = PatentAwardRules.Luohe;
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();

    [Fact]
    public void Luohe_Table_StatesTheMeasuresAsWritten()
    {
        Assert.Equal("漯政〔2021〕22号", Rules.SourceDocument);
        Assert.Equal(new DateOnly(2021, 12, 13), Rules.IssuedOn);
        Assert.Equal(
            [("gold", 3, 500_000m), ("silver", 5, 100_000m), ("excellence", 10, 50_000m)],
            Rules.Levels.Select(l => (l.Code, l.MaxPerRound, l.PrizeYuan))
        );
        Assert.Equal(0.7m, Rules.InventionShare);
        Assert.Equal((5, PeriodUnit.WorkingDays), (Rules.Publicity.Period.Amount, Rules.Publicity.Period.Unit));
        Assert.Equal((6, "漯政〔2021〕22号 第十八条"), (Rules.FraudBan.Years, Rules.FraudBan.Article));
        Assert.Equal(7, Rules.Materials.Count);
        Assert.Equal(4, Rules.Exclusions.Count);
    }

    // 第五条 每两年评审一次.
    [Theory]
    [InlineData(2022, new int[0], null)]
    [InlineData(2024, new[] { 2022 }, null)]
    [InlineData(2024, new[] { 2024 }, null)] // the same round again (idempotent)
    [InlineData(2023, new[] { 2022 }, "patent-award.round.biennial")]
    [InlineData(2025, new[] { 2024, 2022 }, "patent-award.round.biennial")]
    [InlineData(2021, new int[0], "patent-award.round.year-range")] // before the measures' first round
    [InlineData(2027, new int[0], "patent-award.round.year-range")] // a future year
    public void Rounds_Year_EveryTwoYears(int year, int[] held, string? rule)
    {
        var error = PatentAwardRounds.Check(Rules, year, currentYear: 2026, held);

        Assert.Equal(rule, error?.Rule);
        Assert.True(error is null || error.Article == "漯政〔2021〕22号 第五条");
    }

    // 第五条: 金奖不超过3项，银奖不超过5项，优秀奖不超过10项，其中授予发明专利的奖项均不少于70%.
    [Theory]
    [InlineData("gold", 3, 3, null)]
    [InlineData("gold", 4, 4, "patent-award.level.cap")]
    [InlineData("silver", 5, 4, null)] // 4 of 5 = 80 %
    [InlineData("silver", 6, 6, "patent-award.level.cap")]
    [InlineData("excellence", 10, 7, null)] // exactly 70 %: 不少于 includes it
    [InlineData("excellence", 10, 6, "patent-award.invention-share")]
    [InlineData("excellence", 11, 11, "patent-award.level.cap")]
    [InlineData("gold", 2, 1, "patent-award.invention-share")] // 1 of 2 = 50 %
    public void Slate_CapAndInventionShare_RefusedBeyondNamingArticle5(string level, int count, int inventions, string? rule)
    {
        var nominees = Enumerable
            .Range(1, count)
            .Select(i => new AwardNominee($"PAA-{i}", level, i <= inventions ? "invention" : "utility-model"))
            .ToList();

        var errors = AwardSlate.Check(Rules, nominees);

        Assert.Equal(rule, errors.SingleOrDefault()?.Rule);
        Assert.All(errors, e => Assert.Equal("漯政〔2021〕22号 第五条", e.Article));
    }

    [Fact]
    public void Slate_UnknownLevelOrDuplicate_Refused()
    {
        var errors = AwardSlate.Check(
            Rules,
            [
                new AwardNominee("PAA-1", "platinum", "invention"),
                new AwardNominee("PAA-2", "gold", "invention"),
                new AwardNominee("PAA-2", "gold", "invention"),
            ]
        );

        Assert.Equal(["patent-award.level.unknown", "patent-award.nominee.duplicate"], errors.Select(e => e.Rule));
    }

    // 第十二条(六): 公示时间不得少于5个工作日, on the legal calendar.
    [Theory]
    [InlineData("2024-09-23", "2024-09-29")] // Monday: Tue-Fri, Saturday rests, Sunday 29 Sep is a make-up working day
    [InlineData("2024-09-27", "2024-10-10")] // across National Day: 29 Sep (调休上班) and 30 Sep count, 1-7 Oct do not
    [InlineData("2025-01-24", "2025-02-07")] // across the Spring Festival: 26 Jan (调休上班), 27 Jan, then 5-7 Feb
    public void Publicity_FiveWorkingDays_EndsOnTheLegalCalendar(string publishedOn, string ends)
    {
        var result = Calendar.Compute(Rules.Publicity.Period, Day(publishedOn));

        Assert.Equal(Day(ends), result.Deadline);
        Assert.Equal(5, Calendar.CountWorkingDaysBetween(result.Start, result.Deadline));
    }

    // 第十六条: 与候选专利有利害关系的，应当回避.
    [Fact]
    public void Conflicts_DeclaredExpert_CannotReview()
    {
        ReviewExpert[] reviewers = [new("E-01", "周建国"), new("e-02", "孙丽"), new("E-03", "马骏")];

        var conflicted = ExpertConflicts.Conflicted(reviewers, ["E-02", "E-09"]);

        Assert.Equal(["孙丽"], conflicted.Select(e => e.Name));
        Assert.Empty(ExpertConflicts.Conflicted(reviewers, []));
    }

    // 第十八条: 尚未授奖的，取消其当年获奖资格；已经授奖的，撤销奖励……6年内不得申报.
    [Theory]
    [InlineData(false, FraudConsequence.QualificationCancelled)]
    [InlineData(true, FraudConsequence.AwardRevoked)]
    public void Fraud_BeforeOrAfterTheAward_CancelsOrRevokes(bool awarded, FraudConsequence expected) =>
        Assert.Equal(expected, FraudRule.Of(awarded));

    [Fact]
    public void FraudBan_SixYearsFromRevocation_BarsPatentApplicationsOnlyOnTheOneBanCheck()
    {
        var revokedOn = new DateOnly(2026, 12, 2);
        var lastDay = Calendar.Compute(Rules.FraudBan.Period, revokedOn).Deadline;
        var ban = PatentAwardBans.Fraud(Rules, "91411100MA45TL0C0X", "漯河市某科技有限公司", "PAA-1", revokedOn, lastDay);
        (string, string)[] applicant = [("漯河市某科技有限公司", "91411100ma45tl0c0x")];

        Assert.Equal(new DateOnly(2032, 12, 2), lastDay);
        Assert.Single(BanCheck.FindActiveBans(applicant, [ban], lastDay, BanScopes.PatentAwardApplication));
        Assert.Empty(BanCheck.FindActiveBans(applicant, [ban], lastDay.AddDays(1), BanScopes.PatentAwardApplication));
        // The same registry, another kind: a patent award ban never refuses a market-entity registration.
        Assert.Empty(BanCheck.FindActiveBans(applicant, [ban], revokedOn));
    }

    // 第十九条: 暂停其推荐资格 (no end set).
    [Fact]
    public void RecommenderSuspension_HasNoEnd_AndBarsRecommendingOnly()
    {
        var ban = PatentAwardBans.RecommenderSuspended(Rules, "11411100MB1234567X", "某推荐单位", "PAA-1", new DateOnly(2026, 12, 2));
        (string, string)[] unit = [("某推荐单位", "11411100MB1234567X")];

        Assert.Null(ban.EndDate);
        Assert.Single(BanCheck.FindActiveBans(unit, [ban], new DateOnly(2040, 1, 1), BanScopes.PatentAwardRecommendation));
        Assert.Empty(BanCheck.FindActiveBans(unit, [ban], new DateOnly(2040, 1, 1), BanScopes.PatentAwardApplication));
        Assert.Equal("漯政〔2021〕22号 第十九条", ban.Article);
    }

    private static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
