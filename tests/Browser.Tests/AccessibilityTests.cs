using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Workflows.Browser.Tests;

/// <summary>
/// axe-core (npm, pinned by tools/web/package-lock.json) in Debian's chromium on the workbench's pages at a desktop
/// (1400 px) and a phone (390 px) width: no violation of WCAG 2 A/AA, colour contrast included. The statistics page
/// draws its ECharts charts from the seeded cases. Screenshots are kept in test-artifacts/.
/// </summary>
public sealed class AccessibilityTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(
        Path.Combine(Workflows.LocalHost.RepositoryPaths.FindRoot(), "tools", "web", "node_modules", "axe-core", "axe.min.js")));

    public static TheoryData<string, string, int> Pages => new()
    {
        { "work", "#/cases", 1400 },
        { "work", "#/cases", 390 },
        { "case", "#/case/" + DashboardFixture.RedCaseId, 1400 },
        { "case", "#/case/" + DashboardFixture.RedCaseId, 390 },
        { "stats", "#/stats", 1400 },
        { "stats", "#/stats", 390 },
        { "calendar", "#/calendar", 1400 },
        { "calendar", "#/calendar", 390 },
        { "sign-in", "#/sign-in", 390 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_AxeCore_NoViolations(string name, string hash, int width)
    {
        var page = await fixture.Browser.NewPageAsync(
            new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await fixture.SignInAsync(page, "dev-registration-officer");
        await page.GotoAsync(fixture.BaseUrl + "/" + hash);
        await page.WaitForSelectorAsync(name switch
        {
            "work" => "tr.case-row",
            "case" => "#case-state",
            "stats" => "#chart-rate[data-rendered]",
            "calendar" => ".calendar-year",
            _ => "#dev-sign-in",
        });
        await page.ScreenshotAsync(
            new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsFolder, $"axe-{name}-{width}.png"), FullPage = true });

        var violations = await ViolationsAsync(page);

        Assert.True(violations.Count == 0, $"{name} at {width} px: " + string.Join(Environment.NewLine, violations));
        await page.CloseAsync();
    }

    /// <summary>axe-core's WCAG 2 A/AA violations on the page as it stands, one line each (rule, help, first nodes).</summary>
    internal static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, so the dashboard's CSP (no inline script) does not apply to axe.
        await page.EvaluateAsync(AxeSource.Value);
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
              .violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString() ?? "")];
    }

    [Fact]
    public async Task StatsPage_Charts_DrawnFromTheCasesUnderTheCsp()
    {
        var page = await fixture.Browser.NewPageAsync(
            new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        await fixture.SignInAsync(page, "dev-registration-officer");

        await page.GotoAsync(fixture.BaseUrl + "/#/stats");
        await page.WaitForSelectorAsync("#chart-lights[data-rendered]");
        var bars = await page.Locator("#chart-lights svg path").CountAsync();
        var text = await page.InnerTextAsync("#chart-lights");

        Assert.True(bars >= 4, $"expected bars for the seeded cases, found {bars} paths");
        Assert.Contains("漯河市", text, StringComparison.Ordinal);
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task StatsPage_TrendCharts_OnTimeRateByMonthAndOverdueTrendFromTheCases()
    {
        var page = await fixture.Browser.NewPageAsync(
            new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await fixture.SignInAsync(page, "dev-registration-officer");

        await page.GotoAsync(fixture.BaseUrl + "/#/stats");
        await page.WaitForSelectorAsync("#chart-overdue-trend[data-rendered]");
        await page.ScreenshotAsync(
            new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsFolder, "stats-trends-1400.png"), FullPage = true });
        // The seeded red case fell overdue three days ago: its month is on both charts, China's month.
        var month = Workflows.Domain.Calendar.ChinaTime.Today(fixture.Services.GetRequiredService<TimeProvider>()).AddDays(-3)
            .ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains(month, await page.InnerTextAsync("#chart-rate-month"), StringComparison.Ordinal);
        Assert.Contains(month, await page.InnerTextAsync("#chart-overdue-trend"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#chart-overdue-trend svg path").CountAsync() >= 1);
        Assert.Contains("漯河市", await page.InnerTextAsync("#chart-rate-month"), StringComparison.Ordinal);
        await page.CloseAsync();
    }
}
