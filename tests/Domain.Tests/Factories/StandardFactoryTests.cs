using System.Globalization;
using Workflows.Domain.Calendar;
using Workflows.Domain.Factories;
using Workflows.Domain.Identifiers;

namespace Workflows.Domain.Tests.Factories;

/// <summary>漯政〔2021〕17号 article by article: 一(一) the date rule, 一(二) the standards, 二(一) the subsidies, 三(一) the
/// submission window and materials.</summary>
public sealed class StandardFactoryTests
{
    private static readonly StandardFactoryRules Rules = StandardFactoryRules.Luohe;
    private static readonly HalfYear H2021B = new(2021, 2);
    private const string Uscc = "91411100MA9XXXXX00";

    private static string? UsccError(string code) => UnifiedSocialCreditCode.Validate(code).Error?.Message;

    private static readonly string ValidUscc = "91411100" + "MA45TL0C" + "0";

    internal static string Investor() => ValidUscc[..17] + UnifiedSocialCreditCode.ComputeCheckCharacter(ValidUscc[..17]);

    internal static FactoryBuilding Building(
        string kind = "new",
        decimal areaPerFloor = 5_000m,
        int floors = 5,
        decimal plotRatio = 1.8m,
        string completedOn = "2021-10-20",
        bool sensitive = false,
        params string[] materials
    ) =>
        new(
            "漯河经开区食品产业园3号标准化厂房",
            "漯河市经开建设投资有限公司",
            Investor(),
            kind,
            DateOnly.Parse(completedOn, CultureInfo.InvariantCulture),
            plotRatio,
            [.. Enumerable.Range(1, floors).Select(f => new FactoryFloor(f, areaPerFloor))],
            materials.Length > 0 ? materials : ["project-filing-and-permits", "completion-acceptance", "site-plan", "title-certificate"],
            sensitive
        );

    private static List<string> RuleIds(FactorySubmission s, HalfYear? h = null) =>
        FactorySubmissionValidator.Validate(Rules, h ?? H2021B, s, UsccError).Select(e => e.Rule).ToList();

    private static FactorySubmission Submission(params FactoryBuilding[] buildings) =>
        new(buildings, 0.35m, ["subsidy-evidence", "county-government-approval"]);

    [Fact]
    public void Luohe_Table_CarriesTheOpinionsNumbers()
    {
        Assert.Equal("漯政〔2021〕17号", Rules.SourceDocument);
        Assert.Equal(new DateOnly(2021, 7, 3), Rules.IssuedOn);
        Assert.Equal(new DateOnly(2021, 1, 1), Rules.CompletedOnOrAfter);
        Assert.Equal(
            (50, 30, 20, 3, 2),
            (
                Rules.Ranking.TotalAreaWeight,
                Rules.Ranking.SubsidisedAreaWeight,
                Rules.Ranking.LandSavingRateWeight,
                Rules.Ranking.Rewarded,
                Rules.Ranking.Criticised
            )
        );
        Assert.Equal(8, Rules.Counties.Count);
        Assert.Equal(
            new LegalPeriod("standard-factory-submission", 31, PeriodUnit.Days, CountingRule.CivilCode, Rules.Submission.Period.LegalBasis),
            Rules.Submission.Period
        );
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 150)]
    [InlineData(4, 200)]
    [InlineData(5, 250)]
    [InlineData(12, 250)]
    public void Compute_FloorTier_FollowsArticle2Para1(int floor, int yuanPerSquareMetre)
    {
        var subsidy = FactorySubsidy.Compute(Rules, Building(floors: Math.Max(floor, 2), areaPerFloor: 10_000m));

        Assert.Equal(yuanPerSquareMetre, subsidy.Floors.Single(f => f.Floor == floor).YuanPerSquareMetre);
    }

    [Theory]
    [InlineData(2, 5000, 0, 0)]
    [InlineData(3, 5000, 5000, 750_000)]
    [InlineData(5, 5000, 15000, 3_000_000)]
    [InlineData(6, 4000, 16000, 3_400_000)]
    public void Compute_Building_SumsItsFloors(int floors, int areaPerFloor, int subsidised, int yuan)
    {
        var subsidy = FactorySubsidy.Compute(Rules, Building(floors: floors, areaPerFloor: areaPerFloor));

        Assert.Equal(floors * areaPerFloor, subsidy.TotalAreaSquareMetres);
        Assert.Equal(subsidised, subsidy.SubsidisedAreaSquareMetres);
        Assert.Equal(yuan, subsidy.Yuan);
        Assert.Equal("漯政〔2021〕17号 二(一)", subsidy.Article);
    }

    [Theory]
    [InlineData("new", 10_000, 2, "1.8", null)]
    [InlineData("new", 9_999.99, 2, "1.8", "factory.standard.area")]
    [InlineData("stock-land", 5_000, 2, "1.8", null)]
    [InlineData("stock-land", 4_999, 2, "1.8", "factory.standard.area")]
    [InlineData("new", 20_000, 1, "1.8", "factory.standard.floors")]
    [InlineData("new", 10_000, 2, "1.0", "factory.standard.plot-ratio")]
    [InlineData("new", 10_000, 2, "1.01", null)]
    [InlineData("warehouse", 10_000, 2, "1.8", "factory.kind.unknown")]
    public void Validate_Standard_FollowsArticle1Para2(string kind, double areaPerFloor, int floors, string plotRatio, string? rule)
    {
        var building = Building(kind, (decimal)areaPerFloor, floors, decimal.Parse(plotRatio, CultureInfo.InvariantCulture));

        var rules = RuleIds(Submission(building));

        Assert.Equal(rule is null ? [] : [rule], rules);
    }

    [Theory]
    [InlineData("2020-12-31", "2021-H1", "factory.completed.before-start")]
    [InlineData("2021-01-01", "2021-H1", null)]
    [InlineData("2021-06-30", "2021-H1", null)]
    [InlineData("2021-07-01", "2021-H1", "factory.completed.outside-half-year")]
    [InlineData("2021-06-30", "2021-H2", "factory.completed.outside-half-year")]
    public void Validate_CompletionDate_FollowsArticle1Para1AndThe3Para1HalfYear(string completedOn, string halfYear, string? rule)
    {
        Assert.True(HalfYear.TryParse(halfYear, out var reported));

        var rules = RuleIds(Submission(Building(completedOn: completedOn)), reported);

        Assert.Equal(rule is null ? [] : [rule], rules);
    }

    [Fact]
    public void Validate_MissingMaterials_NamesEachAndItsItem()
    {
        var building = Building(sensitive: true, materials: ["project-filing-and-permits", "site-plan"]);
        var errors = FactorySubmissionValidator.Validate(Rules, H2021B, new FactorySubmission([building], 0.3m, []), UsccError);

        string[] missing = ["eia-opinion", "completion-acceptance", "title-certificate", "subsidy-evidence", "county-government-approval"];
        Assert.Equal(missing.Length, errors.Count);
        Assert.All(missing, code => Assert.Contains(errors, e => e.Message.Contains($"({code})", StringComparison.Ordinal)));
        Assert.All(errors, e => Assert.Equal("factory.material.missing", e.Rule));
        Assert.Contains(errors, e => e.Article == "漯政〔2021〕17号 三(一)5" && e.Field == "materials");
        Assert.Contains(errors, e => e.Article == "漯政〔2021〕17号 三(一)1" && e.Field == "buildings[0].materials");
    }

    [Fact]
    public void Validate_FirstRound_NeedsNoSubsidyEvidence()
    {
        var submission = new FactorySubmission([Building(completedOn: "2021-05-10")], 0.3m, ["county-government-approval"]);

        Assert.Empty(RuleIds(submission, new HalfYear(2021, 1)));
        Assert.Equal(["factory.material.missing"], RuleIds(submission with { Buildings = [Building()] }, new HalfYear(2021, 2)));
    }

    [Theory]
    [InlineData("-0.01", "factory.land-saving-rate.range")]
    [InlineData("1.01", "factory.land-saving-rate.range")]
    [InlineData("0", null)]
    [InlineData("1", null)]
    public void Validate_LandSavingRate_IsAShare(string rate, string? rule)
    {
        var submission = Submission(Building()) with { LandSavingRate = decimal.Parse(rate, CultureInfo.InvariantCulture) };

        Assert.Equal(rule is null ? [] : [rule], RuleIds(submission));
    }

    [Fact]
    public void Validate_FloorsWithAGapOrADuplicateProject_AreRefused()
    {
        var gap = Building() with { Floors = [new(1, 10_000), new(3, 10_000)] };

        Assert.Equal(["factory.floors.gap"], RuleIds(Submission(gap)));
        Assert.Equal(["factory.building.duplicate"], RuleIds(Submission(Building(), Building())));
        Assert.Equal(["factory.investor.uscc"], RuleIds(Submission(Building() with { InvestorUscc = Uscc })));
    }

    [Theory]
    [InlineData("2021-H1", "2021-08-02")] // 31 July 2021 is a Saturday
    [InlineData("2021-H2", "2022-02-07")] // 31 January 2022 is in the Spring Festival holiday (31 Jan - 6 Feb)
    [InlineData("2022-H1", "2022-08-01")] // 31 July 2022 is a Sunday
    [InlineData("2022-H2", "2023-01-31")] // a Tuesday: January opened with 元旦 (1-2 Jan) and still ends on the 31st
    [InlineData("2024-H2", "2025-02-05")] // 31 January 2025 is in the Spring Festival holiday (28 Jan - 4 Feb)
    [InlineData("2025-H2", "2026-02-02")] // 31 January 2026 is a Saturday
    public void Compute_SubmissionWindow_IsTheFirstMonthWithTheRestDayRule(string halfYear, string deadline)
    {
        Assert.True(HalfYear.TryParse(halfYear, out var reported));

        var result = LegalCalendar.LoadEmbedded().Compute(Rules.Submission.Period, reported.LastDay);

        Assert.Equal(DateOnly.Parse(deadline, CultureInfo.InvariantCulture), result.Deadline);
        Assert.Equal(reported.ReportingMonthStart.AddDays(30), result.Start.AddDays(31));
    }

    [Fact]
    public void StatutoryPeriods_FindSubmission_ResolvesTheTableAndItsReminders()
    {
        Assert.Same(Rules.Submission.Period, StatutoryPeriods.Find("standard-factory-submission", new DateOnly(2022, 1, 1)));
        Assert.Equal([10, 3], StatutoryPeriods.ReminderDaysBefore("standard-factory-submission"));
    }

    [Theory]
    [InlineData("2021-H2", true, 2021, 2)]
    [InlineData("2021-H3", false, 0, 0)]
    [InlineData("2021H2", false, 0, 0)]
    [InlineData("二〇二一-H1", false, 0, 0)]
    public void TryParse_HalfYear_AcceptsOnlyYearDashHalf(string text, bool ok, int year, int half)
    {
        Assert.Equal(ok, HalfYear.TryParse(text, out var parsed));
        Assert.Equal(ok ? new HalfYear(year, half) : default, parsed);
    }

    [Theory]
    [InlineData("yuanhui-2021-H2-submit.json", "")]
    [InlineData(
        "submit-bad.json",
        "factory.completed.before-start,factory.material.missing,factory.material.missing,"
            + "factory.standard.floors,factory.standard.plot-ratio"
    )]
    public void Samples_FactorySubmissions_HaveTheirDocumentedOutcome(string file, string rules)
    {
        var json = File.ReadAllText(SamplePath(file));
        var options = Workflows.Domain.Energy.EnergyJson.InputOptions;
        var submission = System.Text.Json.JsonSerializer.Deserialize<FactorySubmission>(json, options)!;

        var found = FactorySubmissionValidator
            .Validate(Rules, H2021B, submission, UsccError)
            .Select(e => e.Rule)
            .Order(StringComparer.Ordinal);

        Assert.Equal(rules, string.Join(",", found));
        if (rules.Length == 0)
        {
            Assert.Equal(3_930_000m, FactorySubsidy.Assess(Rules, submission).SubsidyYuan);
        }
    }

    private static string SamplePath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "factories", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(file);
    }
}
