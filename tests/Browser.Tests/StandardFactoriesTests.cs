using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflows.Domain.Energy;
using Workflows.Domain.Factories;
using Workflows.Functions.Cases;
using Workflows.Functions.Factories;

namespace Workflows.Browser.Tests;

/// <summary>
/// The standard factories in the browser (issue 19, 漯政〔2021〕17号): a round's ranking of the counties (二(二), 50:30:20,
/// first three rewarded, last two criticised) and a county's subsidies per floor (二(一)), in Chinese, on the case page.
/// The figures are the domain's own: the sample submission assessed and the counties ranked by the rule table.
/// </summary>
public sealed class StandardFactoriesTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string RoundId = "SFR-411100-20220101-RANKED01";
    private const string SubmissionId = "SFS-411102-20220101-YUANHUI1";

    [Fact]
    public async Task Round_Ranked_CountiesInOrderWithRewardAndCriticismAndSubsidiesPerCounty()
    {
        await SeedAsync();
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await fixture.SignInAsync(page, "dev-municipal-drc");

        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + RoundId);
        await page.WaitForSelectorAsync("#factory-ranking tr.factory-rank");
        var outcomes = await page.Locator("#factory-ranking tr.factory-rank").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.outcome)");
        var ranking = await page.InnerTextAsync("#factory-ranking");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsFolder, "factory-ranking.png"), FullPage = true });

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
        await cases.TryCreateAsync(Record(SubmissionId, FactorySubmissionProcedure.ProcedureName, "411102", "源汇区 2021年下半年报送", submissionData, now));
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
