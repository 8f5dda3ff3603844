using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Browser.Tests;

/// <summary>
/// Stored XSS, tried in a real browser: a project owner's "report" that is HTML with a script (stored as text/html, as
/// before uploads were type-checked) must never run in the dashboard's origin, where the officer's API key sits in
/// localStorage. The dashboard downloads it; its Content-Security-Policy runs no inline script.
/// </summary>
public sealed class InertDocumentsTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string CaseId = "REG-411100-20240301-XSSXSSXS";
    private const string Payload =
        "<html><body><script>localStorage.setItem('pwned', localStorage.getItem('workflows.apiKey'));</script></body></html>";

    private async Task SeedAsync()
    {
        var services = fixture.Services;
        var cases = services.GetRequiredService<CaseStore>();
        if (await cases.GetAsync(CaseId) is not null)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(Payload);
        var blobName = $"{CaseId}/report.html";
        await services.GetRequiredService<IBlobStore>().PutAsync(StorageNames.Documents, blobName, bytes, "text/html");
        await cases.TryCreateAsync(new CaseRecord
        {
            Id = CaseId,
            Procedure = "registration",
            Agency = "411100",
            Title = "含恶意附件的案件",
            State = "under-review",
            CreatedUtc = DateTimeOffset.UtcNow.AddDays(-1),
            UpdatedUtc = DateTimeOffset.UtcNow,
            Data = JsonDocument.Parse("{}").RootElement.Clone(),
            Documents = [new CaseDocument("report.html", blobName, "text/html", bytes.Length, "x", DateTimeOffset.UtcNow, "owner-1")],
        });
    }

    private async Task<(IPage Page, List<string> Console)> OpenCaseAsync()
    {
        await SeedAsync();
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { AcceptDownloads = true });
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        await fixture.SignInAsync(page, "dev-registration-officer");
        await page.GotoAsync(fixture.BaseUrl + "/#/cases");
        await page.WaitForSelectorAsync("tr.case-row");
        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + CaseId);
        await page.WaitForSelectorAsync("#documents a.doc-link");
        return (page, console);
    }

    [Fact]
    public async Task DocumentLink_HtmlReport_IsDownloadedNeverOpenedAndNeverRuns()
    {
        var (page, _) = await OpenCaseAsync();
        var pagesBefore = page.Context.Pages.Count;

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#documents a.doc-link"));
        var path = await download.PathAsync();

        Assert.Equal("report.html", download.SuggestedFilename);
        Assert.Equal(Payload, await File.ReadAllTextAsync(path!));
        Assert.Equal(pagesBefore, page.Context.Pages.Count);
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('pwned')"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Dashboard_UnderItsCsp_WorksAndRunsNoInlineScript()
    {
        var (page, console) = await OpenCaseAsync();

        var inlineRan = await page.EvaluateAsync<bool>("""
            () => {
              const s = document.createElement('script');
              s.textContent = 'window.__inline = 1';
              document.head.appendChild(s);
              return window.__inline === 1;
            }
            """);

        Assert.False(inlineRan);
        Assert.Equal("含恶意附件的案件", (await page.InnerTextAsync("#case-title")).Split('《', '》')[1]);
        Assert.DoesNotContain(console, m =>
            m.Contains("Content Security Policy", StringComparison.Ordinal) && !m.Contains("inline", StringComparison.Ordinal));
        await page.CloseAsync();
    }
}
