using System.Text;
using System.Text.Json;
using Workflows.Integration.Tests.Energy;

namespace Workflows.Integration.Tests.TwoHigh;

/// <summary>
/// 豫政办〔2021〕65号 end to end on the real engine (in memory): the provincial DRC drops the July–September 2021
/// barometer (GB18030 CSV); 源汇区 is red three months in a row, so it is reminded in August and restricted (限批) in
/// September, and a new coal plan filed there is refused at the review gate naming the action plan; October over HTTP
/// is yellow and ends the restriction. A missed year suspends the region's energy reviews until restored. A listed steel
/// project last diagnosed on 2021-10-01 is due five years later, moved past National Day 2026 to 8 October, and is overdue.
/// </summary>
public sealed class TwoHighEndToEndTests : IAsyncLifetime
{
    private const string Province = CoalScenario.Provincial;
    private const string City = CoalScenario.Municipal;
    private const string Yuanhui = CoalScenario.County;
    private EnergyHost host = null!;

    public async Task InitializeAsync() => host = await EnergyHost.StartAsync(inMemory: true);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Barometer_ThirdRedMonthRestrictsCoalReviewsUntilTheRunEnds()
    {
        await host.Blobs.PutAsync("twohigh-inbox", "2021-q3/barometer.csv", Sample("barometer-2021-07-09-gb18030.csv"), "text/csv");
        var region = await RegionCaseAsync("411102");
        var restricted = await host.WaitForCaseAsync(region, c => c.GetProperty("state").GetString() == "restricted", Province);
        var data = restricted.GetProperty("data");
        Assert.Equal(3, data.GetProperty("consecutiveRed").GetInt32());
        var restrictionId = data.GetProperty("restrictionId").GetString()!;
        var actions = restricted.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        // The readings are stamped when they were received, which may precede the orchestration's first step (the
        // "opened" row), so the history's time order places "opened" anywhere; the readings' own order is fixed.
        Assert.Contains("barometer-opened", actions);
        Assert.Equal(
            ["barometer-published", "barometer-reminder", "restriction-imposed"],
            actions.Where(a => a is not "barometer-opened"
                && (a!.StartsWith("barometer-", StringComparison.Ordinal) || a.StartsWith("restriction-", StringComparison.Ordinal)))
        );
        var notices = await NotificationsAsync(Yuanhui);
        Assert.Contains(notices, n => n.kind == "reminder" && n.message.Contains("连续2个月预警为红色", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.kind == "restriction" && n.message.Contains("区域节能评估限批", StringComparison.Ordinal));

        // The same suspension mechanism as Art. 19: the coal review gate refuses a new plan in 源汇区, naming 65号.
        var plan = (await host.SendAsync(HttpMethod.Post, "/api/coal-projects", CoalScenario.Owner, CoalScenario.Filing(2_000m, "2025-01-06")))
            .Body.GetProperty("caseId").GetString()!;
        await host.WaitForAwaitedAsync(plan, "submit-for-review");
        var (refused, problem) = await host.EventAsync(plan, CoalScenario.Owner, new { type = "submit-for-review" });
        Assert.Equal((409, "coal.review.region-suspended"), (refused, problem.GetProperty("rule").GetString()));
        Assert.Contains("豫政办〔2021〕65号 （十八）", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(restrictionId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (_, suspensions) = await host.SendAsync(HttpMethod.Get, "/api/coal-suspensions", Province);
        Assert.Contains(suspensions.EnumerateArray(), s => s.GetProperty("id").GetString() == restrictionId);

        // October over HTTP: yellow; the run ends and with it the restriction (its last day recorded), so the plan's
        // review gate answers with its own Art. 15 numbers instead.
        var (published, answer) = await host.SendAsync(HttpMethod.Post, "/api/two-high/barometer", Province, raw: Json("barometer-2021-10.json"));
        Assert.Equal(202, published);
        Assert.Equal(region, answer.GetProperty("cases").GetProperty("漯河市源汇区").GetString());
        var lifted = await host.WaitForCaseAsync(region, c => c.GetProperty("state").GetString() == "barometer-yellow", Province);
        Assert.Equal(JsonValueKind.Null, lifted.GetProperty("data").TryGetProperty("restrictionId", out var r) ? r.ValueKind : JsonValueKind.Null);
        var (_, after) = await host.EventAsync(plan, CoalScenario.Owner, new { type = "submit-for-review" });
        Assert.Equal("coal.review.below-minimum-share", after.GetProperty("rule").GetString());

        // The same month again is not the next one: 409, nothing published.
        var (again, notNext) = await host.SendAsync(HttpMethod.Post, "/api/two-high/barometer", Province, raw: Json("barometer-2021-10.json"));
        Assert.Equal((409, "twohigh.month.not-next"), (again, notNext.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Barometer_BadFileQuarantinedAndNothingPublished_BadRowsOverHttp400()
    {
        await host.Blobs.PutAsync("twohigh-inbox", "bad.csv", Sample("barometer-bad.csv"), "text/csv");
        var report = await PollBlobAsync("quarantine", "twohigh-inbox/bad.csv.error.json");
        Assert.Contains("twohigh.row.duplicate", report, StringComparison.Ordinal);
        Assert.Contains("twohigh.month.format", report, StringComparison.Ordinal);
        Assert.Contains("twohigh.figure.cap", report, StringComparison.Ordinal);
        var (_, list) = await host.SendAsync(HttpMethod.Get, "/api/cases?procedure=two-high-region", Province);
        Assert.Equal(0, list.GetProperty("total").GetInt32());

        var (status, problem) = await host.SendAsync(HttpMethod.Post, "/api/two-high/barometer", Province,
            new { rows = new[] { new { city = "漯河市", county = "西城区", month = "2021-13", intensityReductionPercent = "多" } } });
        Assert.Equal(400, status);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("rows[1].month", fields);
        Assert.Contains("rows[1].intensityReductionPercent", fields);

        // A city DRC publishes its own counties, never another city's: 403.
        var xuchang = new
        {
            city = "许昌市",
            month = "2021-10",
            intensityReductionPercent = 2.8,
            intensityTargetPercent = 2.5,
            energyTotalTce = 1_520_000,
            energyCapTce = 1_600_000,
            coalTotalTonnes = 910_000,
            coalCapTonnes = 980_000,
        };
        var (other, outside) = await host.SendAsync(HttpMethod.Post, "/api/two-high/barometer", City, new { rows = new[] { xuchang } });
        Assert.True(other == 403, outside.ToString());
        Assert.Equal(403, other);
    }

    [Fact]
    public async Task AnnualTargets_MissedYearSuspendsReviewsUntilRestored_CountySeesOnlyItsOwn()
    {
        var (published, answer) = await host.SendAsync(HttpMethod.Post, "/api/two-high/barometer", Province, raw: Json("barometer-2021-10.json"));
        Assert.Equal(202, published);
        var yuanhui = answer.GetProperty("cases").GetProperty("漯河市源汇区").GetString()!;
        var yancheng = answer.GetProperty("cases").GetProperty("漯河市郾城区").GetString()!;
        await host.WaitForAwaitedAsync(yuanhui, "annual-assessment");
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, $"/api/cases/{yancheng}", Yuanhui)).Status);
        Assert.Equal(403, (await host.EventAsync(yuanhui, City, JsonDocument.Parse(Encoding.UTF8.GetString(Sample("annual-2021-missed.json"))).RootElement)).Status);

        Assert.Equal(202, (await host.EventAsync(yuanhui, Province, JsonDocument.Parse(Encoding.UTF8.GetString(Sample("annual-2021-missed.json"))).RootElement)).Status);
        var suspended = await host.WaitForAwaitedAsync(yuanhui, "restore");
        var id = suspended.GetProperty("data").GetProperty("annualSuspensionId").GetString()!;
        var (_, list) = await host.SendAsync(HttpMethod.Get, "/api/coal-suspensions", Province);
        var stored = list.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("suspension");
        Assert.Equal(["livelihood", "infrastructure"], stored.GetProperty("exemptPurposes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, stored.TryGetProperty("until", out var until) ? until.ValueKind : JsonValueKind.Null);

        // The suspension stops an industrial plan in 源汇区 at the review gate; a livelihood project is excepted and meets
        // only the plan's own Art. 15 gate.
        Assert.Equal("coal.review.region-suspended", (await SubmitCoalPlanAsync(null)).GetProperty("rule").GetString());
        Assert.Equal("coal.review.below-minimum-share", (await SubmitCoalPlanAsync("livelihood")).GetProperty("rule").GetString());

        Assert.Equal(202, (await host.EventAsync(yuanhui, Province, new { type = "restore", reason = "2022年度目标完成情况良好，视情恢复" })).Status);
        var restored = await host.WaitForCaseAsync(
            yuanhui,
            c => c.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("action").GetString() == "reviews-restored"),
            Province
        );
        Assert.DoesNotContain(restored.GetProperty("awaitedEvents").EnumerateArray(), e => e.GetString() == "restore");
        var (_, relisted) = await host.SendAsync(HttpMethod.Get, "/api/coal-suspensions", Province);
        Assert.NotEqual(JsonValueKind.Null,
            relisted.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("suspension").GetProperty("until").ValueKind);
        var (twice, problem) = await host.EventAsync(yuanhui, Province, new { type = "restore", reason = "再次" });
        Assert.True(twice is 409, problem.ToString());
    }

    [Fact]
    public async Task Project_DiagnosisDueAfterNationalDayOverdueThenRecorded_BadListing400()
    {
        var (listed, body) = await host.SendAsync(HttpMethod.Post, "/api/two-high/projects", City, raw: Json("project-wuyang-steel.json"));
        Assert.Equal(201, listed);
        var id = body.GetProperty("caseId").GetString()!;
        var overdue = await host.WaitForCaseAsync(id, c => c.GetProperty("state").GetString() == "overdue", City);
        var deadline = overdue.GetProperty("deadline");
        Assert.Equal("2026-10-08", deadline.GetProperty("due").GetString());
        Assert.Equal("red", overdue.GetProperty("light").GetString());
        Assert.Contains(deadline.GetProperty("explanation").EnumerateArray(), l => l.GetString()!.Contains("2026-10-01", StringComparison.Ordinal));

        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, $"/api/cases/{id}", Yuanhui)).Status); // 舞阳县 is not 源汇区
        var (early, future) = await host.EventAsync(id, City, new { type = "record-diagnosis", date = "2099-01-01" });
        Assert.Equal((400, "twohigh.date.future"), (early, future.GetProperty("rule").GetString()));
        Assert.Equal(202, (await host.EventAsync(id, City, new { type = "record-diagnosis", date = "2026-11-20" })).Status);
        var renewed = await host.WaitForCaseAsync(id, c => c.GetProperty("state").GetString() == "diagnosis-due", City);
        Assert.Equal("2031-11-20", renewed.GetProperty("deadline").GetProperty("due").GetString());

        var (bad, problem) = await host.SendAsync(HttpMethod.Post, "/api/two-high/projects", City, raw: Json("project-bad.json"));
        Assert.Equal(400, bad);
        var rules = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("rule").GetString()).ToList();
        Assert.Contains("twohigh.project.industry", rules);
        Assert.Contains("twohigh.project.uscc", rules);
        Assert.Contains("twohigh.project.operating-since", rules);
    }

    /// <summary>Files a coal plan in 源汇区 (with the stated purpose) and submits it for review; returns the refusal.</summary>
    private async Task<JsonElement> SubmitCoalPlanAsync(string? purpose)
    {
        var filing = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(CoalScenario.Filing(2_000m, "2025-01-06")))!;
        filing["purpose"] = purpose;
        var (created, body) = await host.SendAsync(HttpMethod.Post, "/api/coal-projects", CoalScenario.Owner, raw: filing.ToJsonString());
        Assert.True(created == 201, body.ToString());
        var plan = body.GetProperty("caseId").GetString()!;
        await host.WaitForAwaitedAsync(plan, "submit-for-review");
        var (status, problem) = await host.EventAsync(plan, CoalScenario.Owner, new { type = "submit-for-review" });
        Assert.Equal(409, status);
        return problem;
    }

    private async Task<string> RegionCaseAsync(string agency)
    {
        var until = TimeProvider.System.GetUtcNow().AddSeconds(host.WaitSeconds);
        while (TimeProvider.System.GetUtcNow() < until)
        {
            var (_, list) = await host.SendAsync(HttpMethod.Get, $"/api/cases?procedure=two-high-region&agency={agency}", Province);
            if (list.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } item)
            {
                return item.GetProperty("id").GetString()!;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No two-high region case for {agency}.");
    }

    private async Task<List<(string kind, string message)>> NotificationsAsync(string key)
    {
        var (_, body) = await host.SendAsync(HttpMethod.Get, "/api/notifications?pageSize=200", key);
        return [.. body.GetProperty("items").EnumerateArray().Select(n => (n.GetProperty("kind").GetString()!, n.GetProperty("message").GetString()!))];
    }

    private async Task<string> PollBlobAsync(string container, string name)
    {
        var until = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (TimeProvider.System.GetUtcNow() < until)
        {
            if (await host.Blobs.GetAsync(container, name) is { } blob)
            {
                return Encoding.UTF8.GetString(blob.Data);
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"{container}/{name} did not appear.");
    }

    private static byte[] Sample(string file) => File.ReadAllBytes(EnergyHost.SamplesPath(Path.Combine("..", "twohigh", file)));

    private static string Json(string file) => Encoding.UTF8.GetString(Sample(file));
}
