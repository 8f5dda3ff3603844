using System.Globalization;
using System.Text;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.TwoHigh;
using Workflows.Domain.Tests.MarketEntities;
using Workflows.Domain.Validation;

namespace Workflows.Domain.Tests.TwoHigh;

/// <summary>豫政办〔2021〕65号, clause by clause: （三） the scope, （十） the diagnosis period, （十八） the barometer, its runs of
/// red months, the restriction and the missed-year suspension on the coal procedure's suspension mechanism.</summary>
public sealed class TwoHighRulesTests
{
    private static readonly TwoHighRules Rules = TwoHighRules.Henan;
    private static readonly ProjectLocation Yuanhui = new("漯河市", "源汇区");

    [Fact]
    public void Henan_EmbeddedTable_CitesTheActionPlanAndItsThresholds()
    {
        Assert.Equal("豫政办〔2021〕65号", Rules.SourceDocument);
        Assert.Equal((2, 3), (Rules.Barometer.ReminderAfterConsecutiveRed, Rules.Barometer.RestrictionAfterConsecutiveRed));
        Assert.Equal(10_000m, Rules.ProjectScope.MinimumAnnualEnergyTce);
        Assert.Equal(["livelihood", "infrastructure"], Rules.AnnualTargets.ExemptPurposes.Select(p => p.Code));
    }

    // （三） 煤电、石化、化工、煤化工、钢铁、焦化、建材、有色等行业年综合能源消费量1万吨标准煤及以上
    [Theory]
    [InlineData("steel", 10_000, null)]
    [InlineData("power", 250_000, null)]
    [InlineData("nonFerrousMetals", 9_999.9, "twohigh.project.below-threshold")]
    [InlineData("food", 50_000, "twohigh.project.industry")]
    [InlineData("heating", 50_000, "twohigh.project.industry")]
    public void Scope_Clause3_ListedIndustriesFromTenThousandTce(string industry, double tce, string? rule)
    {
        var error = TwoHighScope.Check(Rules, industry, (decimal)tce);

        Assert.Equal(rule, error?.Rule);
        if (error is not null)
        {
            Assert.Contains("（三）", error.Article, StringComparison.Ordinal);
        }
    }

    // 晴雨表 grading (the table's reading of the national levels): worst indicator decides.
    [Theory]
    [InlineData(3.0, 3.0, 900, 1000, 900, 1000, BarometerLight.Green)]
    [InlineData(2.0, 3.0, 900, 1000, 900, 1000, BarometerLight.Yellow)] // intensity fell, short of progress
    [InlineData(-0.5, 3.0, 900, 1000, 900, 1000, BarometerLight.Red)] // 不降反升
    [InlineData(3.0, 3.0, 950, 1000, 900, 1000, BarometerLight.Yellow)] // 95 % of the energy cap
    [InlineData(3.0, 3.0, 900, 1000, 1000.1, 1000, BarometerLight.Red)] // coal over its cap
    [InlineData(3.0, 3.0, 1000, 1000, 900, 1000, BarometerLight.Yellow)] // exactly at the cap is not over it
    public void Grade_Clause18_WorstIndicatorIsTheRegionsLight(
        double reduction, double target, double energy, double energyCap, double coal, double coalCap, BarometerLight expected)
    {
        var grade = BarometerGrading.Grade(
            Rules,
            new((decimal)reduction, (decimal)target, (decimal)energy, (decimal)energyCap, (decimal)coal, (decimal)coalCap)
        );

        Assert.Equal(expected, grade.Light);
        Assert.Equal(3, grade.Indicators.Count);
        Assert.All(grade.Indicators, i => Assert.Contains(" / ", i.Explanation, StringComparison.Ordinal));
    }

    // （十八） 连续2个月 → 提醒; 连续3个月 → 限批; the first month not red ends it; a gap breaks the run.
    [Theory]
    [InlineData("", "2021-07", BarometerLight.Red, false, 1, BarometerAction.None)]
    [InlineData("2021-07", "2021-08", BarometerLight.Red, false, 2, BarometerAction.Reminder)]
    [InlineData("2021-07,2021-08", "2021-09", BarometerLight.Red, false, 3, BarometerAction.Restriction)]
    [InlineData("2021-07,2021-08,2021-09", "2021-10", BarometerLight.Red, true, 4, BarometerAction.None)]
    [InlineData("2021-07,2021-08,2021-09", "2021-10", BarometerLight.Yellow, true, 0, BarometerAction.LiftRestriction)]
    [InlineData("2021-11,2021-12", "2022-01", BarometerLight.Red, false, 3, BarometerAction.Restriction)] // across the year
    [InlineData("2021-06,2021-08", "2021-09", BarometerLight.Red, false, 2, BarometerAction.Reminder)] // July missing
    [InlineData("2021-08", "2021-09", BarometerLight.Green, false, 0, BarometerAction.None)]
    public void Assess_Clause18_RunsOfRedMonths(string redBefore, string month, BarometerLight light, bool restricted, int run,
        BarometerAction action)
    {
        var history = redBefore.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(m => new MonthLight(m, BarometerLight.Red));
        Assert.True(BarometerMonth.TryParse(month, out var m));

        var assessed = RedStreak.Assess(Rules, history, m, light, restricted);

        Assert.Equal((run, action), (assessed.ConsecutiveRed, assessed.Action));
        Assert.Contains("豫政办〔2021〕65号 （十八）", assessed.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Restriction_ThirdRedMonth_BlocksANewCoalReviewNamingTheDocument()
    {
        Assert.True(BarometerMonth.TryParse("2021-09", out var september));
        var restriction = TwoHighSuspensions.Restriction(Rules, Yuanhui, september, 3, new DateOnly(2021, 10, 8));

        var refused = SuspensionCheck.CanEnterReview(Yuanhui, [restriction], new DateOnly(2021, 10, 8));
        var before = SuspensionCheck.CanEnterReview(Yuanhui, [restriction], new DateOnly(2021, 10, 7));
        var neighbour = SuspensionCheck.CanEnterReview(new ProjectLocation("漯河市", "郾城区"), [restriction], new DateOnly(2021, 10, 8));

        Assert.NotNull(refused);
        Assert.Equal("coal.review.region-suspended", refused.Rule);
        Assert.Equal("豫政办〔2021〕65号 （十八）", refused.Article);
        Assert.StartsWith("漯河市源汇区节能审查自 2021-10-08 起暂停：“晴雨表”2021年7月至2021年9月连续3个月预警为红色", refused.Message,
            StringComparison.Ordinal);
        Assert.Null(before);
        Assert.Null(neighbour);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("industrial", true)]
    [InlineData("livelihood", false)]
    [InlineData("infrastructure", false)]
    public void AnnualTargetsMissed_Clause18_SuspendsAllButLivelihoodAndInfrastructure(string? purpose, bool covered)
    {
        var suspension = TwoHighSuspensions.AnnualTargetsMissed(Rules, new ProjectLocation("漯河市"), 2021, new DateOnly(2022, 2, 10));

        Assert.Equal(covered, suspension.Covers(Yuanhui, new DateOnly(2022, 3, 1), purpose));
        Assert.Null(suspension.Until);
        Assert.Contains("民生项目和基础设施建设项目除外", suspension.Reason, StringComparison.Ordinal);
    }

    // （十） 五年内至少开展一次, Civil Code Art. 203: a last day on a rest day moves to the next working day.
    [Theory]
    [InlineData("2021-09-30", "2026-09-30")]
    [InlineData("2021-09-25", "2026-09-28")] // Mid-Autumn 2026: 25–27 September
    [InlineData("2021-10-01", "2026-10-08")] // National Day 2026: 1–7 October
    [InlineData("2021-01-01", "2026-01-04")] // New Year 2026: 1–3 January, the 4th a make-up working day
    public void Diagnosis_Clause10_FiveYearsWithTheRestDayRule(string last, string due)
    {
        var start = TwoHighDiagnosis.PeriodStart(Rules, DateOnly.Parse(last, CultureInfo.InvariantCulture));
        var result = LegalCalendar.LoadEmbedded().Compute(Rules.Diagnosis.Period, start);

        Assert.Equal(DateOnly.Parse(due, CultureInfo.InvariantCulture), result.Deadline);
    }

    [Fact]
    public void PeriodStart_DiagnosedBeforeThePlan_CountsFromThePlan()
    {
        Assert.Equal(new DateOnly(2021, 1, 1), TwoHighDiagnosis.PeriodStart(Rules, new DateOnly(2017, 6, 1)));
        Assert.Equal(new DateOnly(2022, 6, 1), TwoHighDiagnosis.PeriodStart(Rules, new DateOnly(2022, 6, 1)));
    }

    [Fact]
    public void Csv_Gb18030WithChineseHeadings_ReadsEveryRow()
    {
        const string csv = "省辖市,县区,月份,能耗强度降低率（%）,能耗强度降低进度目标（%）,能耗总量（吨标准煤）,能耗总量控制目标（吨标准煤）,"
            + "煤炭消费量（吨）,煤炭消费总量控制目标（吨）\r\n"
            + "漯河市,源汇区,2021-09,-0.8,2.5,812000,800000,455000,430000\r\n"
            + "漯河市,郾城区,2021-09,2.9,2.5,610000,700000,300000,360000\r\n";
        var bytes = ChineseTextEncodings.StrictGb18030.GetBytes(csv);

        var result = BarometerCsv.Parse(bytes);

        Assert.Empty(result.Errors);
        Assert.Equal(["源汇区", "郾城区"], result.Rows.Select(r => r.Region.County));
        Assert.Equal(BarometerLight.Red, BarometerGrading.Grade(Rules, result.Rows[0].Figures).Light);
    }

    [Fact]
    public void Csv_BadRows_AllOrNothingEachErrorNamed()
    {
        var csv = "city,county,month,intensityReductionPercent,intensityTargetPercent,energyTotalTce,energyCapTce,coalTotalTonnes,coalCapTonnes\n"
            + "漯河市,源汇区,2021-09,1,2,3,4,5,6\n"
            + "漯河市,源汇区,2021-09,1,2,3,4,5,6\n"
            + "漯河市,郾城区,2021年9月,1,2,3,0,-5,x\n";

        var result = BarometerCsv.Parse(Encoding.UTF8.GetBytes(csv));

        Assert.Empty(result.Rows);
        Assert.Equal(
            ["twohigh.row.duplicate", "twohigh.month.format", "twohigh.figure.cap", "twohigh.figure.negative", "twohigh.figure.number"],
            result.Errors.Select(e => e.Rule)
        );
        Assert.Equal([3, 4, 4, 4, 4], result.Errors.Select(e => e.Row));
    }

    [Theory]
    [InlineData("barometer-2021-07-09.csv")]
    [InlineData("barometer-2021-07-09-gb18030.csv")]
    public void Samples_BarometerJulyToSeptember_YuanhuiRedThreeMonthsRunning(string file)
    {
        var result = BarometerCsv.Parse(File.ReadAllBytes(Path.Combine(Fixtures.SamplesDirectory(), "twohigh", file)));

        Assert.Empty(result.Errors);
        var yuanhui = result.Rows.Where(r => r.Region.County == "源汇区").Select(r => BarometerGrading.Grade(Rules, r.Figures).Light);
        Assert.Equal([BarometerLight.Red, BarometerLight.Red, BarometerLight.Red], yuanhui);
    }

    [Fact]
    public void Samples_BadBarometer_EveryRowRefusedNothingTaken()
    {
        var result = BarometerCsv.Parse(File.ReadAllBytes(Path.Combine(Fixtures.SamplesDirectory(), "twohigh", "barometer-bad.csv")));

        Assert.Empty(result.Rows);
        Assert.Equal(["twohigh.row.duplicate", "twohigh.month.format", "twohigh.figure.cap"], result.Errors.Select(e => e.Rule));
    }

    [Fact]
    public void Csv_HeaderWithoutTheCaps_RefusedNamingTheColumns()
    {
        var result = BarometerCsv.Parse(Encoding.UTF8.GetBytes("city,month,intensityReductionPercent\n漯河市,2021-09,1\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("twohigh.header.missing-columns", error.Rule);
        Assert.Contains("coalCapTonnes", error.Message, StringComparison.Ordinal);
    }
}
