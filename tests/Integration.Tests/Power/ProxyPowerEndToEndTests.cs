using System.Text.Json;
using Workflows.Integration.Tests.Energy;

namespace Workflows.Integration.Tests.Power;

/// <summary>
/// 发改办价格〔2021〕809号 end to end on the real engine (in memory). The days are the notice's own (2021-2022), so every
/// limit has passed when the test runs: the December 2021 prices were due on Saturday 27 November 2021 (提前3日, not moved
/// to Monday), so the case goes red and is escalated, and the late publication is recorded with what, where and when;
/// a user notified on 15 November is under proxy by default from 15 December (二(六) 至少提前1个月), and every quarter's
/// choice window (每季度最后15日前: 16 December, 16 March, 15 June, 15 September across the Mid-Autumn holiday,
/// 16 December) opens and closes on the record until the notice's validity ends.
/// </summary>
public sealed class ProxyPowerEndToEndTests : IAsyncLifetime
{
    private const string City = "dev-municipal-drc";
    private const string Province = "dev-provincial-drc";
    private const string LuoheGrid = "dev-grid-luohe";
    private const string HenanGrid = "dev-grid-henan";
    private const string User = "dev-power-user";
    private EnergyHost host = null!;

    public async Task InitializeAsync() => host = await EnergyHost.StartAsync(inMemory: true);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Publication_December2021_DueSaturdayNotMovedOverdueEscalatedLatePublicationRecorded()
    {
        var (status, opened) = await host.SendAsync(
            HttpMethod.Post,
            "/api/proxy-power-obligations",
            City,
            new { kind = "price-publication", period = "2021-12" }
        );
        Assert.Equal(201, status);
        var cases = opened.GetProperty("cases");
        Assert.Equal(["luohe"], cases.EnumerateObject().Select(p => p.Name)); // the city's office: its own grid company only
        var luohe = cases.GetProperty("luohe").GetString()!;

        var overdue = await host.WaitForCaseAsync(luohe, c => c.GetProperty("state").GetString() == "overdue");
        var deadline = overdue.GetProperty("deadline");
        Assert.Equal("2021-11-27", deadline.GetProperty("due").GetString());
        Assert.Equal("days-before", deadline.GetProperty("rule").GetString());
        Assert.Equal("red", overdue.GetProperty("light").GetString());
        Assert.Contains(
            deadline.GetProperty("explanation").EnumerateArray(),
            l => l.GetString()!.Contains("is not moved", StringComparison.Ordinal)
        );

        // The provincial company does not see the Luohe company's case; a defective publication is refused naming each rule.
        Assert.Equal(404, (await host.EventAsync(luohe, HenanGrid, Sample("events", "proxy-power-obligation-publish.json"))).Status);
        var (bad, problem) = await host.EventAsync(
            luohe,
            LuoheGrid,
            new
            {
                type = "publish",
                purchasePriceYuanPerKwh = 0.4438m,
                userPriceYuanPerKwh = 0.41m,
                items = new[] { "proxy-purchase-price" },
                channels = new[] { "website" },
            }
        );
        Assert.Equal(400, bad);
        var rules = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("rule").GetString()).ToList();
        Assert.Equal(["power.publication.user-price", "power.publication.items", "power.publication.channels"], rules);

        Assert.Equal(202, (await host.EventAsync(luohe, LuoheGrid, Sample("events", "proxy-power-obligation-publish.json"))).Status);
        var published = await host.WaitForCaseAsync(luohe, CoalScenario.IsClosed);
        Assert.Equal("published-late", published.GetProperty("outcome").GetString());
        Assert.True(published.GetProperty("late").GetBoolean());
        var data = published.GetProperty("data");
        Assert.Equal(
            ["service-hall", "website", "app"],
            data.GetProperty("publication").GetProperty("channels").EnumerateArray().Select(c => c.GetString())
        );
        Assert.True(data.TryGetProperty("recordedUtc", out _));

        // The province opens the same month: its own company's case is new, the Luohe one is the same case (idempotent).
        var (again, both) = await host.SendAsync(
            HttpMethod.Post,
            "/api/proxy-power-obligations",
            Province,
            new { kind = "price-publication", period = "2021-12" }
        );
        Assert.Equal(201, again);
        Assert.Equal(luohe, both.GetProperty("cases").GetProperty("luohe").GetString());
        var henan = both.GetProperty("cases").GetProperty("henan").GetString()!;
        await host.WaitForCaseAsync(henan, c => c.GetProperty("state").GetString() == "overdue", Province);
    }

    [Fact]
    public async Task QuarterlyReport_2021Q4_DueAfterTheSpringFestivalReportedLate()
    {
        var (_, opened) = await host.SendAsync(
            HttpMethod.Post,
            "/api/proxy-power-obligations",
            City,
            new { kind = "quarterly-report", period = "2021-Q4" }
        );
        var luohe = opened.GetProperty("cases").GetProperty("luohe").GetString()!;

        var overdue = await host.WaitForCaseAsync(luohe, c => c.GetProperty("state").GetString() == "overdue");
        // 31 December + 1 month = 31 January 2022, 除夕: the report (an act of the company) moves to 7 February.
        Assert.Equal("2022-02-07", overdue.GetProperty("deadline").GetProperty("due").GetString());

        Assert.Equal(202, (await host.EventAsync(luohe, LuoheGrid, Sample("events", "proxy-power-obligation-report.json"))).Status);
        var reported = await host.WaitForCaseAsync(luohe, CoalScenario.IsClosed);
        Assert.Equal("reported-late", reported.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task User_NotifiedNovember2021_TooEarlyRefusedDefaultProxyEveryWindowClosedChoiceRefused()
    {
        // 二(六): a contract's first proxy day less than a month after the notice is refused, naming the rule.
        var sample = Sample("power", "shuanghui-notified.json").GetRawText();
        var tooEarly = sample.Replace("\"notifiedOn\"", "\"firstProxyOn\": \"2021-12-01\", \"notifiedOn\"", StringComparison.Ordinal);
        var (early, refusal) = await host.SendAsync(HttpMethod.Post, "/api/proxy-power-users", LuoheGrid, raw: tooEarly);
        Assert.Equal(400, early);
        var error = refusal.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(
            ("firstProxyOn", "power.first-proxy.too-early"),
            (error.GetProperty("field").GetString(), error.GetProperty("rule").GetString())
        );
        Assert.Contains("2021-12-15", error.GetProperty("message").GetString()!, StringComparison.Ordinal);

        var (status, opened) = await host.SendAsync(HttpMethod.Post, "/api/proxy-power-users", LuoheGrid, raw: sample);
        Assert.Equal(201, status);
        var id = opened.GetProperty("caseId").GetString()!;

        var settled = await host.WaitForCaseAsync(
            id,
            c => c.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("action").GetString() == "window-beyond-validity")
        );
        var data = settled.GetProperty("data");
        Assert.Equal("under-proxy", settled.GetProperty("state").GetString());
        Assert.Equal(1m, data.GetProperty("multiplier").GetDecimal());
        var history = settled.GetProperty("history").EnumerateArray().ToList();
        Assert.Contains(
            history,
            h =>
                h.GetProperty("action").GetString() == "proxy-started"
                && h.GetProperty("summary").GetString()!.Contains("2021-12-15", StringComparison.Ordinal)
        );
        var closed = history
            .Where(h => h.GetProperty("action").GetString() == "window-closed")
            .Select(h => h.GetProperty("summary").GetString()!)
            .ToList();
        string[] dues = ["2021-12-16", "2022-03-16", "2022-06-15", "2022-09-15", "2022-12-16"];
        Assert.Equal(dues.Length, closed.Count);
        Assert.All(dues.Zip(closed), p => Assert.Contains(p.First, p.Second, StringComparison.Ordinal));

        // The choice is the user's own and only inside a window; another enterprise does not see the case at all.
        var (late, closedWindow) = await host.EventAsync(id, User, new { type = "choose-direct" });
        Assert.Equal((409, "power.choice.window-closed"), (late, closedWindow.GetProperty("rule").GetString()));
        Assert.Equal(403, (await host.EventAsync(id, LuoheGrid, new { type = "choose-direct" })).Status);
        Assert.Equal(404, (await host.EventAsync(id, "dev-enterprise", new { type = "choose-direct" })).Status);
    }

    [Fact]
    public async Task User_LeftMarketWithoutReason_BackUnderProxyNextMonthAtOnePointFiveTimes()
    {
        var (status, opened) = await host.SendAsync(
            HttpMethod.Post,
            "/api/proxy-power-users",
            LuoheGrid,
            raw: Sample("power", "huayu-left-market.json").GetRawText()
        );
        Assert.Equal(201, status);
        var id = opened.GetProperty("caseId").GetString()!;

        var settled = await host.WaitForCaseAsync(
            id,
            c => c.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("action").GetString() == "window-beyond-validity")
        );
        var data = settled.GetProperty("data");
        Assert.Equal(1.5m, data.GetProperty("multiplier").GetDecimal());
        Assert.Equal(["left-market-without-reason"], data.GetProperty("priceKinds").EnumerateArray().Select(k => k.GetString()));
        var returned = settled
            .GetProperty("history")
            .EnumerateArray()
            .First(h => h.GetProperty("action").GetString() == "returned-to-proxy");
        Assert.Contains("2022-07-01", returned.GetProperty("summary").GetString()!, StringComparison.Ordinal);
        Assert.Equal(2, settled.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("action").GetString() == "window-closed"));
    }

    [Fact]
    public async Task OpenUser_HighEnergyLeavingOrBadBodies_400NamingFieldAndRule()
    {
        var good = Sample("power", "huayu-left-market.json").GetRawText();
        (string Body, string Rule)[] cases =
        [
            (
                good.Replace("\"highEnergyConsuming\": false", "\"highEnergyConsuming\": true", StringComparison.Ordinal),
                "power.high-energy.no-exit"
            ),
            (good.Replace("\"2022-06-20\"", "\"2023-03-01\"", StringComparison.Ordinal), "power.period.outside-validity"),
            (good.Replace("\"91411103MA9HY6R2TA\"", "\"91411103MA9HY6R2T0\"", StringComparison.Ordinal), "power.user.uscc"),
            (good.Replace("\"voltageKv\": 10", "\"voltageKv\": -10", StringComparison.Ordinal), "power.user.voltage"),
            (good.Replace("\"luohe\"", "\"zhengzhou\"", StringComparison.Ordinal), "power.grid.unknown"),
            (
                good.Replace("\"leftMarketOn\"", "\"notifiedOn\": \"2021-11-15\", \"leftMarketOn\"", StringComparison.Ordinal),
                "power.user.start"
            ),
            (good.Replace("\"voltageKv\": 10", "\"voltageKv\": \"十千伏\"", StringComparison.Ordinal), "power.body.shape"),
        ];
        foreach (var (body, rule) in cases)
        {
            var (status, problem) = await host.SendAsync(HttpMethod.Post, "/api/proxy-power-users", LuoheGrid, raw: body);

            Assert.True(status == 400, $"{rule}: {status} {problem}");
            Assert.Contains(rule, problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("rule").GetString()));
        }

        // Another enterprise may not enter users of a grid company; periods outside the notice are refused.
        Assert.Equal(403, (await host.SendAsync(HttpMethod.Post, "/api/proxy-power-users", User, raw: good)).Status);
        var (outside, refusal) = await host.SendAsync(
            HttpMethod.Post,
            "/api/proxy-power-obligations",
            City,
            new { kind = "price-publication", period = "2023-01" }
        );
        Assert.Equal((400, "power.period.outside-validity"), (outside, refusal.GetProperty("rule").GetString()));
        var (malformed, shape) = await host.SendAsync(
            HttpMethod.Post,
            "/api/proxy-power-obligations",
            City,
            new { kind = "quarterly-report", period = "2021年四季度" }
        );
        Assert.Equal((400, "power.period.format"), (malformed, shape.GetProperty("rule").GetString()));
    }

    private static JsonElement Sample(string folder, string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", folder, file);
            if (File.Exists(candidate))
            {
                var root = JsonDocument.Parse(File.ReadAllText(candidate)).RootElement;
                // An event sample carries its payload with procedure and role (samples/events); the API takes the payload.
                if (!root.TryGetProperty("payload", out var payload))
                {
                    return root.Clone();
                }

                var body = System.Text.Json.Nodes.JsonNode.Parse(payload.GetRawText())!.AsObject();
                body["type"] = root.GetProperty("eventType").GetString();
                return JsonDocument.Parse(body.ToJsonString()).RootElement.Clone();
            }
        }

        throw new FileNotFoundException(file);
    }
}
