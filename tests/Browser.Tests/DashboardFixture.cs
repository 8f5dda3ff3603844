using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Cases;
using Workflows.LocalHost;
using Workflows.Tests.Support;

namespace Workflows.Browser.Tests;

/// <summary>
/// An in-memory LocalHost on a free port with seeded cases (green, yellow, red with an explanation, grey), and Debian's
/// chromium driven by Playwright (its node driver comes from the NuGet package; no browser download).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string RedCaseId = "REG-411100-20240301-RRRRRRRR";
    public const string RedExplanation = "第 3 个工作日为届满日（Decree 746 Art. 19：3 个工作日内作出登记决定）";

    private LocalHostApp? local;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => local!.BaseUrl;

    /// <summary>The host's services, for tests that seed their own data.</summary>
    public IServiceProvider Services => local!.App.Services;

    public string ArtifactsFolder { get; } = Path.Combine(RepositoryPaths.FindRoot(), "test-artifacts");

    /// <summary>Signs in on LocalHost's development sign-in page as the identity with <paramref name="apiKey"/>.</summary>
    public async Task SignInAsync(IPage page, string apiKey)
    {
        await page.GotoAsync(BaseUrl + "/#/sign-in");
        await page.ClickAsync($"#identity-{apiKey}");
        await page.WaitForFunctionAsync("key => document.getElementById('who').textContent.includes(key)", apiKey);
    }

    public async Task InitializeAsync()
    {
        await EnsureChromiumAsync();
        local = await LocalHostApp.BuildAsync(new LocalHostSettings { InMemory = true, Port = TestPorts.Free(), RunBackgroundServices = false }, [], _ => { });
        await local.App.StartAsync();
        await SeedAsync(local.App.Services);

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-extensions"],
        });
        Directory.CreateDirectory(ArtifactsFolder);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        Playwright?.Dispose();
        if (local is not null)
        {
            await local.App.StopAsync();
            await local.DisposeAsync();
        }
    }

    /// <summary>Runs scripts/install-chromium.sh when Debian's chromium is missing (CI on a fresh machine).</summary>
    private static async Task EnsureChromiumAsync()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var script = Path.Combine(RepositoryPaths.FindRoot(), "scripts", "install-chromium.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"install-chromium.sh failed ({process.ExitCode}): {await stdout} {await stderr}");
        }
    }

    /// <summary>Cases relative to the host's own clock, so their lights are what the API computes today.</summary>
    private static async Task SeedAsync(IServiceProvider services)
    {
        var cases = services.GetRequiredService<CaseStore>();
        var index = services.GetRequiredService<DeadlineIndex>();
        var audit = services.GetRequiredService<AuditLog>();
        var clock = services.GetRequiredService<TimeProvider>();
        var today = ChinaTime.Today(clock);
        var now = clock.GetUtcNow();

        async Task Seed(string id, DateOnly? due, DateOnly? warning, bool closed = false, string[]? explanation = null)
        {
            var deadline = due is null ? null : new CaseDeadline("decision", "登记决定", due.Value, ChinaTime.EndOfDayUtc(due.Value), warning,
                "working-days", "市场主体登记管理条例第十九条", false, explanation ?? ["受理之日起 3 个工作日"], Role.RegistrationOfficer, due.Value.AddDays(-5), 3);
            var record = new CaseRecord
            {
                Id = id,
                Procedure = "registration",
                Agency = "411100",
                Title = "漯河市示例食品有限公司设立登记 " + id[^4..],
                State = closed ? "registered" : "under-review",
                CreatedUtc = now.AddDays(-6),
                UpdatedUtc = now,
                Deadline = deadline,
                Closed = closed,
                OnTime = closed ? true : null,
                Data = JsonDocument.Parse("{}").RootElement.Clone(),
            };
            await cases.TryCreateAsync(record);
            if (deadline is not null && !closed)
            {
                await index.PutAsync(new DeadlineEntry(id, record.Agency, record.Procedure, record.Title, deadline));
            }

            await audit.AppendAsync(new AuditEntry(id, "accepted", now.AddDays(-6), "officer-1", "王敏 (registration officer)", "RegistrationOfficer",
                "accepted", "市场主体登记管理条例第十七条", "受理设立登记申请"));
        }

        await Seed("REG-411100-20240301-GGGGGGGG", today.AddDays(20), today.AddDays(19));
        await Seed("REG-411100-20240301-YYYYYYYY", today.AddDays(1), today.AddDays(-1));
        await Seed(RedCaseId, today.AddDays(-3), today.AddDays(-4), explanation:
        [
            "受理日 " + today.AddDays(-8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "，次日起算（民法典第二百零一条）",
            RedExplanation,
        ]);
        await Seed("REG-411100-20240301-CCCCCCCC", null, null, closed: true);
    }
}
