using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Cases;

namespace Workflows.Browser.Tests;

/// <summary>
/// The officer's workbench in Debian's chromium, in Chinese: the 待办 list most urgent first; a registration taken
/// through correction, resubmission and registration from the case page's forms (no curl), each party signed in as
/// itself; a head's extension.
/// </summary>
public sealed class WorkbenchTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Officer = "dev-registration-officer";
    private const string Head = "dev-authority-head";
    private const string Enterprise = "dev-enterprise";

    /// <summary>The materials the partnership sample lacks (what its correction notice must list, Art. 19 para 2).</summary>
    private static readonly string[] AllMissing = ["identity-documents", "residence-proof", "partnership-agreement", "executive-partner-appointment"];

    private static readonly byte[] Pdf = Encoding.UTF8.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF");

    private async Task<IPage> OpenAsync(string apiKey, int width = 1400)
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await fixture.SignInAsync(page, apiKey);
        return page;
    }

    [Fact]
    public async Task Worklist_Officer_RedCaseFirstAndLightCountsAtTop()
    {
        await SeedAwaitingAsync();
        var page = await OpenAsync(Officer);

        await page.GotoAsync(fixture.BaseUrl + "/#/work?q=WORKLIST");
        await page.WaitForSelectorAsync("tr.case-row");
        var lights = await page.Locator("tr.case-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.light)");
        await Screenshot(page, "workbench-worklist-1400.png");

        Assert.Equal(["red", "yellow", "green"], lights);
        Assert.Equal("1", await page.InnerTextAsync("#count-red strong"));
        Assert.Equal("市场主体设立登记", await page.Locator("tr.case-row td").Nth(3).InnerTextAsync());
        Assert.Contains("漯河市市场监督管理局", await page.Locator("tr.case-row td").Nth(6).InnerTextAsync(), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Registration_CorrectionResubmitRegister_EachPartyActsInTheBrowser()
    {
        var caseId = await OpenRegistrationAsync("workbench-flow");
        var officer = await OpenCaseAsync(Officer, caseId);

        // A correction notice without any material is refused by the server; its message is shown beside the field.
        await officer.ClickAsync("#action-request-correction");
        await officer.ClickAsync("#event-submit");
        await officer.ClickAsync("#confirm-yes");
        await officer.WaitForSelectorAsync("#error-missingMaterials:not([hidden])");
        Assert.Contains("missingMaterials", await officer.InnerTextAsync("#error-missingMaterials"), StringComparison.Ordinal);

        // Art. 19 para 2 (一次性告知): a notice that leaves out a material the case knows is missing is refused, and the
        // form says so beside the materials, in Chinese first.
        await officer.CheckAsync("#field-missingMaterials input[value='identity-documents']");
        await officer.ClickAsync("#event-submit");
        await officer.ClickAsync("#confirm-yes");
        await officer.WaitForFunctionAsync("() => /correction\\.incomplete/.test(document.getElementById('error-missingMaterials')?.textContent || '')");
        await Screenshot(officer, "workbench-correction-incomplete-refused.png");
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await officer.InnerTextAsync("#error-missingMaterials"));

        foreach (var material in AllMissing)
        {
            await officer.CheckAsync($"#field-missingMaterials input[value='{material}']");
        }

        await officer.ClickAsync("#event-submit");
        await officer.ClickAsync("#confirm-yes");
        await officer.WaitForFunctionAsync("() => document.getElementById('case-state')?.textContent === '待补正（计时暂停）'");
        Assert.Contains("计时暂停", await officer.InnerTextAsync("#deadline"), StringComparison.Ordinal);
        await Screenshot(officer, "workbench-correction-requested.png");
        await officer.CloseAsync();

        var enterprise = await OpenAsync(Enterprise);
        await enterprise.GotoAsync(fixture.BaseUrl + "/#/work");
        await enterprise.WaitForSelectorAsync($"a.case-link:text('{caseId}')");
        await enterprise.ClickAsync($"a.case-link:text('{caseId}')");
        await enterprise.ClickAsync("#action-resubmit");
        foreach (var material in AllMissing)
        {
            await enterprise.CheckAsync($"#field-materials input[value='{material}']");
        }

        // The corrected material goes with the event (multipart/form-data), checked as every upload is.
        await enterprise.SetInputFilesAsync("#field-files", new FilePayload { Name = "合伙协议.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await Screenshot(enterprise, "workbench-resubmit-with-attachment.png");
        await enterprise.ClickAsync("#event-submit");
        await enterprise.WaitForFunctionAsync("() => document.getElementById('case-state')?.textContent === '审查中'");
        Assert.Contains("合伙协议.pdf", await enterprise.InnerTextAsync("#documents"), StringComparison.Ordinal);
        await enterprise.CloseAsync();

        officer = await OpenCaseAsync(Officer, caseId);
        await officer.ClickAsync("#action-register");
        await officer.FillAsync("#field-uscc", "91411100MA44X1Y23P");
        await officer.ClickAsync("#event-submit");
        await officer.ClickAsync("#confirm-yes");
        await officer.WaitForSelectorAsync("#licence");
        await Screenshot(officer, "workbench-registered-licence.png");

        Assert.Equal("已登记", await officer.InnerTextAsync("#case-state"));
        Assert.Contains("91411100MA44X1Y23P", await officer.InnerTextAsync("#licence"), StringComparison.Ordinal);
        // The officer sees the enterprise's attachment (downloaded, never opened) and a history written in Chinese.
        Assert.Contains("合伙协议.pdf", await officer.InnerTextAsync("#documents"), StringComparison.Ordinal);
        Assert.Contains("受理申请", await officer.InnerTextAsync("#timeline"), StringComparison.Ordinal);
        await officer.CloseAsync();
    }

    [Fact]
    public async Task Registration_HeadExtends_StateShowsExtensionAndOfficerHasNoExtendButton()
    {
        var caseId = await OpenRegistrationAsync("workbench-extend");
        var officer = await OpenCaseAsync(Officer, caseId);
        Assert.Equal(0, await officer.Locator("#action-extend").CountAsync());
        await officer.CloseAsync();

        var head = await OpenCaseAsync(Head, caseId, width: 390);
        await head.ClickAsync("#action-extend");
        await head.FillAsync("#field-reason", "情形复杂，需核实经营场所");
        await head.ClickAsync("#event-submit");
        await head.ClickAsync("#confirm-yes");
        await head.WaitForFunctionAsync("() => document.getElementById('case-state')?.textContent === '审查中（已延长）'");
        await Screenshot(head, "workbench-extended-390.png");

        var overflow = await head.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the case page overflows the 390 px viewport");
        await head.CloseAsync();
    }

    [Fact]
    public async Task CoalProject_EnergyOfficeAllocatesSource_ProgressBarMoves()
    {
        const string filing = """
            {"projectName":"漯河某化工有限公司燃煤锅炉项目（工作台）","ownerUscc":"91411102MA45B8C906","ownerName":"漯河市郾城区建材有限公司",
             "kind":"new","industry":"chemicals","coalUse":"fuel","newCoalConsumptionTonnes":3000,
             "location":{"city":"漯河市","county":"源汇区"},"annualEnergyConsumptionTce":2500,"acceptedOn":"2025-01-06"}
            """;
        var caseId = await OpenCaseViaApiAsync("/api/coal-projects", "dev-project-owner", filing, "workbench-coal");
        using (var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) })
        {
            using var source = await SendAsync(http, HttpMethod.Post, "/api/coal-sources", "dev-municipal-drc", """
                {"id":"SRC-LH-WORKBENCH-01","kind":"capacityClosure","description":"源汇区某热电厂2台35蒸吨燃煤锅炉拆除",
                 "location":{"city":"漯河市","county":"源汇区"},"reductionTonnes":2000,"closureScope":"partialEquipment",
                 "baselineYear":2023,"baselineYearCoalTonnes":2600,"closureDate":"2024-03-01"}
                """);
            Assert.True(source.IsSuccessStatusCode, await source.Content.ReadAsStringAsync());
        }

        var drc = await OpenCaseAsync("dev-municipal-drc", caseId);
        await drc.WaitForSelectorAsync("#coal-bar");
        Assert.Equal("0", await drc.GetAttributeAsync("#coal-bar", "value"));

        await drc.ClickAsync("#action-allocate-source");
        await drc.FillAsync("#field-sourceId", "SRC-LH-WORKBENCH-01");
        await drc.FillAsync("#field-tonnes", "2000");
        await drc.ClickAsync("#event-submit");
        await drc.ClickAsync("#confirm-yes");
        await drc.WaitForFunctionAsync("() => document.getElementById('coal-bar')?.getAttribute('value') === '2000'");
        await Screenshot(drc, "workbench-coal-allocated.png");

        Assert.Equal("2000", await drc.InnerTextAsync("#coal-achieved"));
        // Secured (落实) and actually achieved (实际完成, Art. 15) are two bars; the boiler closed in 2024, so both are full.
        Assert.Equal("2000", await drc.GetAttributeAsync("#coal-secured-bar", "value"));
        Assert.Equal(["true"], await drc.Locator("#coal-sources li.coal-source").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.achieved)"));

        // The energy office's statistics chart the same project: Q against what the ledger booked.
        await drc.GotoAsync(fixture.BaseUrl + "/#/stats");
        await drc.WaitForSelectorAsync("#chart-coal[data-rendered]");
        await Screenshot(drc, "workbench-coal-progress-chart.png");
        Assert.Contains("燃煤锅炉项目（工作台）", await drc.InnerTextAsync("#chart-coal"), StringComparison.Ordinal);
        await drc.CloseAsync();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string apiKey, string? json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }

    /// <summary>Opens a case through the same API the filer's own software uses and waits for its first state.</summary>
    private async Task<string> OpenCaseViaApiAsync(string path, string apiKey, string json, string idempotencyKey)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        using var response = await SendAsync(http, HttpMethod.Post, path, apiKey, json, idempotencyKey);
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode, created.ToString());
        var caseId = created.GetProperty("caseId").GetString()!;
        using var opened = await SendAsync(http, HttpMethod.Get, $"/api/cases/{caseId}?afterEvent=intake&waitSeconds=30", apiKey, null);
        Assert.True(opened.IsSuccessStatusCode);
        return caseId;
    }

    private async Task<IPage> OpenCaseAsync(string apiKey, string caseId, int width = 1400)
    {
        var page = await OpenAsync(apiKey, width);
        await page.GotoAsync(fixture.BaseUrl + "/#/case/" + Uri.EscapeDataString(caseId));
        await page.WaitForSelectorAsync("#case-state");
        return page;
    }

    private async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(fixture.ArtifactsFolder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 5_000);
    }

    /// <summary>Files the partnership sample with materials missing as the enterprise.</summary>
    private async Task<string> OpenRegistrationAsync(string idempotencyKey)
    {
        var body = await File.ReadAllTextAsync(Path.Combine(Workflows.LocalHost.RepositoryPaths.FindRoot(), "samples", "registration", "application-missing-materials.json"));
        return await OpenCaseViaApiAsync("/api/registrations", Enterprise, body, idempotencyKey);
    }

    /// <summary>Three open registrations awaiting the officer, created so that the newest is the green one: the list
    /// must not follow creation order.</summary>
    private async Task SeedAwaitingAsync()
    {
        var services = fixture.Services;
        var cases = services.GetRequiredService<CaseStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        var today = ChinaTime.Today(clock);
        var now = clock.GetUtcNow();
        var seeds = new[] { ("RRRR", -2, 1), ("YYYY", 1, 2), ("GGGG", 15, 3) };
        foreach (var (tag, dueIn, age) in seeds)
        {
            var id = $"REG-411100-20240302-WORK{tag}";
            var due = today.AddDays(dueIn);
            await cases.TryCreateAsync(new CaseRecord
            {
                Id = id,
                Procedure = "registration",
                Agency = "411100",
                Title = "漯河市待办示例商贸有限公司设立登记 WORKLIST " + tag,
                State = "under-review",
                CreatedUtc = now.AddDays(-10 + age),
                UpdatedUtc = now,
                Deadline = new CaseDeadline("decision", "登记决定", due, ChinaTime.EndOfDayUtc(due), due.AddDays(-1), "working-days",
                    "市场主体登记管理条例第十九条", false, ["受理之日起 3 个工作日"], Role.RegistrationOfficer, due.AddDays(-5), 3),
                AwaitedEvents = ["register", "refuse", "extend", "request-correction"],
                Data = JsonDocument.Parse("{}").RootElement.Clone(),
            });
        }
    }
}
