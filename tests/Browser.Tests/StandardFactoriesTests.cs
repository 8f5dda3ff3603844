using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.Factories;
using Workflows.Domain.PatentAward;
using Workflows.Domain.Power;
using Workflows.Domain.TwoHigh;
using Workflows.Functions.Cases;
using Workflows.Functions.Factories;
using Workflows.Functions.PatentAward;
using Workflows.Functions.Power;
using Workflows.Functions.TwoHigh;

namespace Workflows.Browser.Tests;

/// <summary>
/// The families' own sections of the case page in the browser (issue 19), in Chinese. The standard factories
/// (漯政〔2021〕17号): a round's ranking of the counties (二(二), 50:30:20, first three rewarded, last two criticised) and a
/// county's subsidies per floor (二(一)); the figures are the domain's own. The two-high barometer
/// (豫政办〔2021〕65号（十八）), the proxy power publication and quarter window (发改办价格〔2021〕809号 二(五)、二(六)) and the patent award round's
/// quota and publicity (漯政〔2021〕22号 第五条、第十二条(六)), each at 1400 and 390 px with axe-core clean.
/// </summary>
public sealed class StandardFactoriesTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string RoundId = "SFR-411100-20220101-RANKED01";
    private const string SubmissionId = "SFS-411102-20220101-YUANHUI1";
    private const string RegionId = "THR-411102-20211001-REDMONTH";
    private const string PublicationId = "PPO-411100-20211201-PRICEPUB";
    private const string ProxyUserId = "PPU-411102-20220101-QCHOICE1";
    private const string PatentRoundId = "PAR-411100-20240901-ROUND024";
    private const string ProjectId = "THP-411102-20210301-DIAGNOSE";
    private const string NomineeId = "PAA-411100-20240601-NOMINEE1";
    private const string FraudId = "PAA-411100-20240601-FRAUDCAN";
    private static readonly LegalCalendar Calendar = LegalCalendar.LoadEmbedded();

    [Fact]
    public async Task Round_Ranked_CountiesInOrderWithRewardAndCriticismAndSubsidiesPerCounty()
    {
        await SeedAsync();
        var page = await fixture.Browser.NewPageAsync(
            new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await fixture.SignInAsync(page, "dev-municipal-drc");

        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + RoundId);
        await page.WaitForSelectorAsync("#factory-ranking tr.factory-rank");
        var outcomes = await page.Locator("#factory-ranking tr.factory-rank")
            .EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.outcome)");
        var ranking = await page.InnerTextAsync("#factory-ranking");
        await page.ScreenshotAsync(
            new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsFolder, "factory-ranking.png"), FullPage = true });

        Assert.Equal(8, outcomes.Length);
        Assert.Equal(["rewarded", "rewarded", "rewarded"], outcomes.Take(3));
        Assert.Equal(["criticised", "criticised"], outcomes.Skip(6));
        Assert.Contains("综合排序", ranking, StringComparison.Ordinal);
        Assert.Contains("通报批评，扣减用地指标", ranking, StringComparison.Ordinal);
        Assert.StartsWith("1\t郾城区", (await page.InnerTextAsync("#factory-ranking tbody tr:first-child")).Trim(), StringComparison.Ordinal);

        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + SubmissionId);
        await page.WaitForSelectorAsync("#factory-subsidies");
        Assert.Equal("3930000", (await page.InnerTextAsync("#factory-subsidy-total")).Trim());
        Assert.Contains("奖补测算", await page.InnerTextAsync("#factory-subsidies"), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(390)]
    public async Task TwoHighRegion_ThreeRedMonths_MonthsLitStreakAndRestrictionInForce(int width)
    {
        MonthLight[] months =
        [
            new("2021-06", BarometerLight.Yellow), new("2021-07", BarometerLight.Red), new("2021-08", BarometerLight.Red),
            new("2021-09", BarometerLight.Red),
        ];
        var data = new TwoHighRegionData("漯河市", "源汇区", months, 3, RestrictionId: "SUS-411102-20211001-XIANPI01");
        await SeedOnceAsync(RegionId, TwoHighRegionProcedure.ProcedureName, "411102", "源汇区“晴雨表”", "restricted", data);
        var page = await OpenAsync(RegionId, width, "#two-high-barometer tr.barometer-month");

        var lights = await page.Locator("#two-high-barometer tr.barometer-month")
            .EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.light)");
        Assert.Equal(months.Select(m => m.Light.ToString().ToLowerInvariant()), lights);
        Assert.Contains("红灯", await page.InnerTextAsync("#two-high-barometer tbody tr:last-child"), StringComparison.Ordinal);
        Assert.Equal("3", (await page.InnerTextAsync("#two-high-streak")).Trim());
        Assert.Equal("true", await page.GetAttributeAsync("#two-high-restriction", "data-restricted"));
        var restriction = await page.InnerTextAsync("#two-high-restriction");
        Assert.Contains("限批（连续3个月红色预警）：实施中", restriction, StringComparison.Ordinal);
        Assert.Equal("false", await page.GetAttributeAsync("#two-high-annual", "data-suspended"));
        Assert.Contains("源汇区发展和改革委员会", await page.InnerTextAsync("#view .card:first-of-type"), StringComparison.Ordinal);
        await AssertAxeCleanAsync(page, "two-high", width);
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(390)]
    public async Task ProxyPower_PublishedMonthAndOpenQuarterWindow_PricesDueDayAndWindowCloseShown(int width)
    {
        var rules = ProxyPowerRules.Ndrc809;
        var grid = rules.GridCompanies[0];
        var month = new PowerMonth(2022, 1);
        var due = Calendar.Compute(rules.Publication.Period, ProxyPowerClauses.PublicationWindow(month).FixedDay).Deadline;
        var publication = new PowerPublication(0.4512m, 0.6283m, [.. rules.Publication.Items.Select(i => i.Code)],
            [.. rules.Publication.Channels.Select(c => c.Code)]);
        var recorded = ChinaTime.EndOfDayUtc(due.AddDays(-2));
        var obligation = new PowerObligationData(
            PowerObligationKinds.PricePublication, month.ToString(), grid.Id, grid.Name, grid.Uscc, due, publication,
            RecordedUtc: recorded);
        var quarter = new PowerQuarter(2022, 1);
        var closes = Calendar.Compute(rules.DirectTradingChoice.Period, ProxyPowerClauses.ChoiceWindow(quarter).FixedDay).Deadline;
        var profile = new ProxyUserProfile(HighEnergyConsuming: true);
        var price = ProxyPowerClauses.Price(rules, profile);
        var user = new ProxyUserData(grid.Id, grid.Name, grid.Uscc, "漯河市源汇区双汇路食品加工有限公司", "91411102MA9GPW3K2C", 10m, profile,
            new DateOnly(2021, 11, 15), null, "under-proxy", quarter.FirstDay, price.Multiplier, price.Kinds, quarter.ToString(), closes);
        var title = grid.Name + " 2022年1月代理购电价格";
        await SeedOnceAsync(PublicationId, ProxyObligationProcedure.ProcedureName, "411100", title, "published", obligation);
        await SeedOnceAsync(ProxyUserId, ProxyUserProcedure.ProcedureName, "411102", user.UserName + " 代理购电", "under-proxy", user);

        var page = await OpenAsync(PublicationId, width, "#power-publication");
        Assert.Equal("true", await page.GetAttributeAsync("#power-publication", "data-published"));
        Assert.Equal(Iso(due), (await page.InnerTextAsync("#power-due")).Trim());
        Assert.Equal("0.6283", (await page.InnerTextAsync("#power-user-price")).Trim());
        Assert.Contains("按期公布", await page.InnerTextAsync("#power-recorded"), StringComparison.Ordinal);
        Assert.Contains("提前3日", await page.InnerTextAsync("#power-publication"), StringComparison.Ordinal);
        await AssertAxeCleanAsync(page, "power-publication", width);

        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + ProxyUserId);
        await page.WaitForSelectorAsync("#proxy-choice");
        Assert.Equal("true", await page.GetAttributeAsync("#proxy-choice", "data-window-open"));
        Assert.Equal(Iso(closes), (await page.InnerTextAsync("#proxy-window-closes")).Trim());
        Assert.Contains("2022-Q1", await page.InnerTextAsync("#proxy-window"), StringComparison.Ordinal);
        var multiplier = price.Multiplier.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(multiplier, (await page.InnerTextAsync("#proxy-multiplier")).Trim());
        Assert.Contains("每季度最后15日前", await page.InnerTextAsync("#proxy-choice"), StringComparison.Ordinal);
        await AssertAxeCleanAsync(page, "proxy-choice", width);
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(390)]
    public async Task PatentRound_SlatePublicized_QuotaUsedOfEachLevelAndPublicityWindow(int width)
    {
        var rules = PatentAwardRules.Luohe;
        var publishedOn = new DateOnly(2024, 9, 27);
        var ends = Calendar.Compute(rules.Publicity.Period, publishedOn).Deadline;
        SlateEntry Entry(int n, string level) =>
            new($"PAA-411100-20240601-APPLIC0{n}", level, PatentAwardRules.Invention, $"ZL20211000000{n}.X", $"一种食品加工装置（{n}）",
                "漯河市示例食品有限公司");
        var data = new PatentAwardRoundData(2024, [Entry(1, "gold"), Entry(2, "gold"), Entry(3, "silver")], publishedOn, ends, []);
        await SeedOnceAsync(PatentRoundId, PatentAwardRoundProcedure.ProcedureName, "411100", "2024年市长专利奖", "publicity", data);
        var page = await OpenAsync(PatentRoundId, width, "#patent-round li.award-quota");

        var quota = await page.Locator("#patent-round li.award-quota")
            .EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.level + ' ' + r.dataset.used + '/' + r.dataset.max)");
        Assert.Equal(rules.Levels.Select(l => $"{l.Code} {data.Slate!.Count(e => e.Level == l.Code)}/{l.MaxPerRound}"), quota);
        var gold = await page.InnerTextAsync("#patent-round li.award-quota:first-child");
        Assert.Contains("市长专利金奖", gold, StringComparison.Ordinal);
        var publicity = await page.InnerTextAsync("#patent-publicity");
        Assert.StartsWith(Iso(publishedOn) + " — " + Iso(ends), publicity.Trim(), StringComparison.Ordinal);
        Assert.Contains("漯政〔2021〕22号 第十二条(六): 评审结果进行公示，公示时间不得少于5个工作日", await page.InnerTextAsync("#patent-round"),
            StringComparison.Ordinal);
        await AssertAxeCleanAsync(page, "patent-round", width);
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(390)]
    public async Task TwoHighProject_OperatingNeverDiagnosed_FiveYearsFromThePlanAndOverdueShown(int width)
    {
        // 豫政办〔2021〕65号（十）: five years from operation, never before the plan's effective date (the table's reading).
        var rules = TwoHighRules.Henan;
        var operating = new DateOnly(2016, 6, 30);
        var due = Calendar.Compute(rules.Diagnosis.Period, TwoHighDiagnosis.PeriodStart(rules, operating)).Deadline;
        var listing = new TwoHighProjectListing("漯河市源汇区年产30万吨水泥熟料生产线", "91411102MA9GTH6K1X", "漯河市示例建材有限公司", "水泥",
            52000m, new ProjectLocation("漯河市", "源汇区"), TwoHighProjectStatus.Operating, OperatingSince: operating);
        var data = new TwoHighProjectData(listing, DiagnosisDueOn: due);
        await SeedOnceAsync(ProjectId, TwoHighProjectProcedure.ProcedureName, "411102", listing.ProjectName, "overdue", data);
        var page = await OpenAsync(ProjectId, width, "#two-high-project");

        Assert.Equal("true", await page.GetAttributeAsync("#two-high-project", "data-overdue"));
        Assert.Equal("已投运", (await page.InnerTextAsync("#two-high-project-status")).Trim());
        Assert.Equal(Iso(operating), (await page.InnerTextAsync("#two-high-operating")).Trim());
        Assert.Equal("—", (await page.InnerTextAsync("#two-high-last-diagnosis")).Trim());
        Assert.Equal(Iso(due) + " 已逾期", (await page.InnerTextAsync("#two-high-diagnosis-due")).Trim());
        Assert.Contains("原则上五年内至少开展一次", await page.InnerTextAsync("#two-high-project"), StringComparison.Ordinal);
        Assert.Contains("源汇区发展和改革委员会", await page.InnerTextAsync("#view .card:first-of-type"), StringComparison.Ordinal);
        await AssertAxeCleanAsync(page, "two-high-project", width);
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(390)]
    public async Task PatentApplication_NomineeAndFraudBeforeAward_StagesConflictsAndFraudShown(int width)
    {
        // 漯政〔2021〕22号 第十二条(三)—(七), 第十六条 (an expert with an interest withdraws), 第十八条 (fraud).
        var rules = PatentAwardRules.Luohe;
        ReviewExpert[] experts = [new("EXP-01", "王专家"), new("EXP-02", "李专家"), new("EXP-03", "赵专家")];
        PatentAwardApplicationData Application(string n, string title) => new(
            PatentRoundId, 2024, new PatentApplicant("漯河市示例食品有限公司", "91411100MA9GPA2X3L"),
            new PatentRef($"ZL20211000000{n}.X", title, PatentAwardRules.Invention, new DateOnly(2022, 3, 1)),
            new RecommendingUnit("漯河市源汇区市场监督管理局", "11411102MB1234567X"), [.. rules.Materials.Select(m => m.Code)],
            Review: new ExpertReviewRecord(experts, "技术创新程度高，经济效益显著", "gold"));
        var nominee = Application("7", "一种肉制品低温杀菌装置") with
        {
            Conflicts = [new DeclaredConflict("EXP-04", "张专家", "曾参与该专利研发", "EVT-0001")],
            SiteVisitReport = "现场核实专利实施情况属实",
        };
        var fraud = Application("8", "一种饮料灌装生产线") with { Fraud = "经济效益证明材料系伪造" };
        await SeedOnceAsync(NomineeId, PatentAwardApplicationProcedure.ProcedureName, "411100", "市长专利奖申报", "nominated", nominee);
        await SeedOnceAsync(FraudId, PatentAwardApplicationProcedure.ProcedureName, "411100", "市长专利奖申报", "closed", fraud,
            "qualification-cancelled");

        var page = await OpenAsync(NomineeId, width, "#patent-application li.application-stage");
        Assert.Equal(["qualification done", "review done", "site done", "publicity current", "approval pending"], await StagesAsync(page));
        Assert.Contains("公示和异议：进行中", await page.InnerTextAsync("#patent-application"), StringComparison.Ordinal);
        Assert.Equal("张专家（曾参与该专利研发）", (await page.InnerTextAsync("#patent-conflicts li")).Trim());
        Assert.Equal("市长专利金奖", (await page.InnerTextAsync("#patent-recommended")).Trim());
        Assert.Equal(0, await page.Locator("#patent-fraud").CountAsync());
        await AssertAxeCleanAsync(page, "patent-application", width);

        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + FraudId);
        await page.WaitForSelectorAsync("#patent-fraud");
        string[] stopped = ["qualification done", "review done", "site stopped", "publicity pending", "approval pending"];
        Assert.Equal(stopped, await StagesAsync(page));
        Assert.Equal("弄虚作假（第十八条）：经济效益证明材料系伪造", (await page.InnerTextAsync("#patent-fraud")).Trim());
        await AssertAxeCleanAsync(page, "patent-application-fraud", width);
    }

    private static async Task<string[]> StagesAsync(IPage page) =>
        await page.Locator("#patent-application li.application-stage")
            .EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.stage + ' ' + r.dataset.status)");

    private async Task<IPage> OpenAsync(string caseId, int width, string selector)
    {
        var options = new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } };
        var page = await fixture.Browser.NewPageAsync(options);
        await fixture.SignInAsync(page, "dev-supervisor");
        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + caseId);
        await page.WaitForSelectorAsync(selector);
        return page;
    }

    private async Task AssertAxeCleanAsync(IPage page, string name, int width)
    {
        var shot = Path.Combine(fixture.ArtifactsFolder, $"{name}-{width}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        var violations = await AccessibilityTests.ViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{name} at {width} px: " + string.Join(Environment.NewLine, violations));
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Both widths' runs share the fixture's host: the case is created once (a second create is refused).</summary>
    /// <param name="outcome">A closed case's outcome; null leaves the case open.</param>
    private async Task SeedOnceAsync<T>(
        string id, string procedure, string agency, string title, string state, T data, string? outcome = null)
    {
        var cases = fixture.Services.GetRequiredService<CaseStore>();
        var now = fixture.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var record = Record(id, procedure, agency, title, data, now) with
        {
            State = state, Closed = outcome is not null, Outcome = outcome,
        };
        await cases.TryCreateAsync(record);
    }

    private async Task SeedAsync()
    {
        var rules = StandardFactoryRules.Luohe;
        var half = new HalfYear(2021, 2);
        var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(
            Workflows.LocalHost.RepositoryPaths.FindRoot(), "samples", "factories", "yuanhui-2021-H2-submit.json"))).RootElement;
        var submission = sample.Deserialize<FactorySubmission>(EnergyJson.InputOptions)!;
        var assessment = FactorySubsidy.Assess(rules, submission);
        CountyFigures F(string county, decimal area, decimal subsidised, decimal rate) => new(county, area, subsidised, rate, true);
        var ranking = HalfYearRanking.Rank(rules, half, [
            F("yuanhui", assessment.TotalAreaSquareMetres, assessment.SubsidisedAreaSquareMetres, assessment.LandSavingRate),
            F("yancheng", 80_000, 30_000, 0.50m),
            F("shaoling", 20_000, 6_000, 0.20m),
            F("wuyang", 60_000, 15_000, 0.25m),
            F("linying", 50_000, 30_000, 0.45m),
            F("etdz", 10_000, 0, 0.10m),
            F("urban-rural", 30_000, 9_000, 0.30m),
        ]);
        var submissionData = new FactorySubmissionData(half.ToString(), "yuanhui", "源汇区", new DateOnly(2022, 2, 7), submission, assessment,
            new DateOnly(2022, 1, 20), false, true);
        var roundData = new FactoryRoundData(half.ToString(), new Dictionary<string, string> { ["yuanhui"] = SubmissionId }, ranking);
        var cases = fixture.Services.GetRequiredService<CaseStore>();
        var now = fixture.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await cases.TryCreateAsync(Record(RoundId, FactoryRoundProcedure.ProcedureName, "411100", "2021年下半年多层标准化厂房认定", roundData, now));
        await cases.TryCreateAsync(
            Record(SubmissionId, FactorySubmissionProcedure.ProcedureName, "411102", "源汇区 2021年下半年报送", submissionData, now));
    }

    private static CaseRecord Record<T>(string id, string procedure, string agency, string title, T data, DateTimeOffset now) => new()
    {
        Id = id,
        Procedure = procedure,
        Agency = agency,
        Title = title,
        State = "ranked",
        Closed = true,
        CreatedUtc = now,
        UpdatedUtc = now,
        Data = JsonSerializer.SerializeToElement(data, CaseJson.Options),
    };
}
