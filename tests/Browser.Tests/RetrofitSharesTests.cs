using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflows.Domain.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;

namespace Workflows.Browser.Tests;

/// <summary>
/// The retrofit programme in the browser (issue 16 items 3 and 5): each county's cumulative share of key units
/// retrofitting at the year end against the programme's 30 % (漯节减办〔2021〕7号 三), on the case page and as a chart.
/// </summary>
public sealed class RetrofitSharesTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string CaseId = "RTP-411100-20220101-SHARES01";

    [Fact]
    public async Task RetrofitProgramme_EvaluatedYearEnd_CountySharesAgainstTargetOnCasePageAndChart()
    {
        await SeedAsync();
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await fixture.SignInAsync(page, "dev-municipal-drc");

        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + CaseId);
        await page.WaitForSelectorAsync("#retrofit-shares");
        var met = await page.Locator("#retrofit-shares li.county-share").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.met)");
        var shares = await page.InnerTextAsync("#retrofit-shares");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsFolder, "retrofit-shares-case.png"), FullPage = true });

        Assert.Equal(["true", "false"], met);
        Assert.Contains("源汇区", shares, StringComparison.Ordinal);
        Assert.Contains("20.0% / 30.0%", shares, StringComparison.Ordinal);
        Assert.Contains("30.0%", await page.InnerTextAsync("#retrofit-targets"), StringComparison.Ordinal);

        await page.GotoAsync(fixture.BaseUrl + "/#/stats");
        await page.WaitForSelectorAsync("#chart-retrofit[data-rendered]");
        Assert.Contains("郾城区 2021", await page.InnerTextAsync("#chart-retrofit"), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    private async Task SeedAsync()
    {
        var programme = RetrofitProgramme.LoadLuohe2021To2023();
        var counties = new[]
        {
            new CountyCheckpointResult("源汇区", 10, 4, 0.4m, 0.3m, 3, true, 0),
            new CountyCheckpointResult("郾城区", 10, 2, 0.2m, 0.3m, 3, false, 1),
        };
        var result = new CheckpointResult(2021, new DateOnly(2021, 12, 31), 0.3m, counties, 20, 6, 0.3m, false, 1000m, 220000m, 0.0045m, "三");
        var data = new RetrofitProgrammeData(
            programme.Id,
            programme.Title,
            programme.SourceDocument,
            programme.Checkpoints,
            programme.Targets,
            [new CheckpointRecord("checkpoint-2021", new DateOnly(2021, 12, 31), true, result, null)]
        );
        var cases = fixture.Services.GetRequiredService<CaseStore>();
        var now = fixture.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await cases.TryCreateAsync(new CaseRecord
        {
            Id = CaseId,
            Procedure = RetrofitProgrammeProcedure.ProcedureName,
            Agency = "411100",
            Title = programme.Title,
            State = "tracking",
            CreatedUtc = now,
            UpdatedUtc = now,
            Data = JsonSerializer.SerializeToElement(data, CaseJson.Options),
        });
    }
}
