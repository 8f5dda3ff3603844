using Microsoft.Playwright;

namespace Workflows.Browser.Tests;

/// <summary>The dashboard in a real browser: lights, the red-light filter, a case's deadline explanation.</summary>
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<IPage> OpenSignedInAsync()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await fixture.SignInAsync(page, "dev-registration-officer");
        await page.GotoAsync(fixture.BaseUrl + "/#/cases");
        await page.WaitForSelectorAsync("tr.case-row");
        return page;
    }

    [Fact]
    public async Task CaseList_SignedIn_ShowsEachCaseWithItsLight()
    {
        var page = await OpenSignedInAsync();

        var lights = await page.Locator("tr.case-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.light).sort()");

        Assert.Equal(["green", "grey", "red", "yellow"], lights);
        Assert.Equal(4, await page.Locator("tr.case-row .light").CountAsync());
        await page.CloseAsync();
    }

    [Fact]
    public async Task RedFilter_OpenCase_ShowsDeadlineExplanationAndSavesScreenshot()
    {
        var page = await OpenSignedInAsync();

        await page.SelectOptionAsync("#filter-light", "red");
        await page.ClickAsync("#apply-filters");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('tr.case-row').length === 1 && document.querySelector('tr.case-row').dataset.light === 'red'");
        await page.ClickAsync("a.case-link");
        await page.WaitForSelectorAsync("#explanation li");
        var explanation = await page.Locator("#explanation li").AllInnerTextsAsync();
        var title = await page.InnerTextAsync("#case-title");
        var basis = await page.InnerTextAsync("#legal-basis");
        var screenshot = Path.Combine(fixture.ArtifactsFolder, "dashboard-red-case.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        Assert.Contains(DashboardFixture.RedCaseId, title, StringComparison.Ordinal);
        Assert.Contains(DashboardFixture.RedExplanation, explanation);
        Assert.Equal("市场主体登记管理条例第十九条", basis);
        Assert.Equal(1, await page.Locator("#case-title .light-red").CountAsync());
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        await page.CloseAsync();
    }

    [Fact]
    public async Task LanguageSwitch_ToEnglish_TranslatesNavigation()
    {
        var page = await OpenSignedInAsync();

        await page.ClickAsync("#lang");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");

        Assert.Equal("Cases", await page.InnerTextAsync("nav a[href='#/cases']"));
        // The case list re-renders after the switch; wait for the re-rendered row before reading it.
        var label = page.Locator("tr.case-row[data-light='red'] .light-label").First;
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll(\"tr.case-row[data-light='red'] .light-label\")].some(e => e.innerText !== '红灯')", null, new() { Timeout = 10_000 });
        Assert.Equal("Red", await label.InnerTextAsync());
        await page.ClickAsync("#lang");
        await page.CloseAsync();
    }

    [Fact]
    public async Task CalendarPage_ThisAndNextYear_RendersTwoYearsOfMonths()
    {
        var page = await OpenSignedInAsync();

        await page.ClickAsync("nav a[href='#/calendar']");
        await page.WaitForSelectorAsync(".calendar-year");

        Assert.Equal(2, await page.Locator(".calendar-year").CountAsync());
        Assert.Equal(24, await page.Locator(".month").CountAsync());
        Assert.True(await page.Locator("td.rest").CountAsync() > 0);
        await page.CloseAsync();
    }
}
