using System.Text.Json;
using Workflows.Integration.Tests.Energy;

namespace Workflows.Integration.Tests.Factories;

/// <summary>
/// 漯政〔2021〕17号 end to end on the real engine (in memory): a round for 2021-H2 opens one case per county; the
/// submission window is January 2022, whose last day falls in the Spring Festival, so the deadline moves to 7 February;
/// it has passed, so every county goes red and is escalated; 源汇区 reports late (taken, marked late), a bad report is
/// refused naming each rule, the ranking waits for verification, then ranks 源汇区 first.
/// </summary>
public sealed class StandardFactoryRoundTests : IAsyncLifetime
{
    private const string City = "dev-municipal-drc";
    private const string Yuanhui = "dev-county-office";
    private EnergyHost host = null!;

    public async Task InitializeAsync() => host = await EnergyHost.StartAsync(inMemory: true);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Round_2021H2_DeadlineAfterSpringFestivalOverdueLateReportVerifiedRanked()
    {
        var (opened, round) = await host.SendAsync(HttpMethod.Post, "/api/standard-factory-rounds", City, new { halfYear = "2021-H2" });
        Assert.Equal(201, opened);
        var roundId = round.GetProperty("caseId").GetString()!;
        var roundCase = await host.WaitForAwaitedAsync(roundId, "rank");
        var submissions = roundCase.GetProperty("data").GetProperty("submissions");
        Assert.Equal(8, submissions.EnumerateObject().Count());
        var yuanhui = submissions.GetProperty("yuanhui").GetString()!;
        var shaoling = submissions.GetProperty("shaoling").GetString()!;

        var overdue = await host.WaitForCaseAsync(yuanhui, c => c.GetProperty("state").GetString() == "overdue");
        var deadline = overdue.GetProperty("deadline");
        Assert.Equal("2022-02-07", deadline.GetProperty("due").GetString());
        Assert.Equal("red", overdue.GetProperty("light").GetString());
        Assert.Contains(
            deadline.GetProperty("explanation").EnumerateArray(),
            l => l.GetString()!.Contains("2022-01-31", StringComparison.Ordinal)
        );

        // Another county's case does not exist for 源汇区's office; a bad report is refused naming each rule.
        Assert.Equal(404, (await host.EventAsync(shaoling, Yuanhui, Sample("yuanhui-2021-H2-submit.json"))).Status);
        var (bad, problem) = await host.EventAsync(yuanhui, Yuanhui, Sample("submit-bad.json"));
        Assert.Equal(400, bad);
        var rules = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("rule").GetString()).ToList();
        Assert.Contains("factory.completed.before-start", rules);
        Assert.Contains("factory.standard.plot-ratio", rules);
        Assert.Contains("factory.standard.floors", rules);
        Assert.Contains("factory.material.missing", rules);

        Assert.Equal(202, (await host.EventAsync(yuanhui, Yuanhui, Sample("yuanhui-2021-H2-submit.json"))).Status);
        var submitted = await host.WaitForAwaitedAsync(yuanhui, "verify");
        Assert.True(submitted.GetProperty("late").GetBoolean());
        var assessment = submitted.GetProperty("data").GetProperty("assessment");
        Assert.Equal(36_000m, assessment.GetProperty("totalAreaSquareMetres").GetDecimal());
        Assert.Equal(20_400m, assessment.GetProperty("subsidisedAreaSquareMetres").GetDecimal());
        Assert.Equal(3_930_000m, assessment.GetProperty("subsidyYuan").GetDecimal());

        var (early, waiting) = await host.EventAsync(roundId, City, new { type = "rank" });
        Assert.Equal(409, early);
        Assert.Equal("factory.round.not-settled", waiting.GetProperty("rule").GetString());

        Assert.Equal(202, (await host.EventAsync(yuanhui, City, new { type = "verify" })).Status);
        var verified = await host.WaitForCaseAsync(yuanhui, CoalScenario.IsClosed);
        Assert.Equal("verified-late", verified.GetProperty("outcome").GetString());

        Assert.Equal(202, (await host.EventAsync(roundId, City, new { type = "rank" })).Status);
        var ranked = await host.WaitForCaseAsync(roundId, CoalScenario.IsClosed);
        var counties = ranked.GetProperty("data").GetProperty("ranking").GetProperty("counties").EnumerateArray().ToList();
        Assert.Equal(("yuanhui", 100m, "rewarded"), Place(counties[0]));
        Assert.Equal(("criticised", "criticised"), (Place(counties[6]).Outcome, Place(counties[7]).Outcome));
        Assert.NotNull(await host.Blobs.GetAsync("reports", "standard-factories/2021-H2.json"));
    }

    [Fact]
    public async Task Round_HalfYearNotEndedOrMalformed_RefusedNamingTheField()
    {
        var (future, problem) = await host.SendAsync(HttpMethod.Post, "/api/standard-factory-rounds", City, new { halfYear = "2099-H1" });
        Assert.Equal((400, "factory.half-year.range"), (future, problem.GetProperty("rule").GetString()));
        var (malformed, shape) = await host.SendAsync(
            HttpMethod.Post,
            "/api/standard-factory-rounds",
            City,
            new { halfYear = "2021下半年" }
        );
        Assert.Equal((400, "factory.half-year.format"), (malformed, shape.GetProperty("rule").GetString()));
        Assert.Equal(
            403,
            (await host.SendAsync(HttpMethod.Post, "/api/standard-factory-rounds", Yuanhui, new { halfYear = "2021-H2" })).Status
        );
    }

    /// <summary>The bad-input corpus on a submission: every malformed body is a 400 naming its field and rule (never a
    /// 5xx), nothing is claimed, and the case still awaits the report.</summary>
    [Fact]
    public async Task Submit_BadBodies_400NamingFieldAndRuleAndCaseUnchanged()
    {
        var (_, round) = await host.SendAsync(HttpMethod.Post, "/api/standard-factory-rounds", City, new { halfYear = "2021-H2" });
        var roundCase = await host.WaitForAwaitedAsync(round.GetProperty("caseId").GetString()!, "rank");
        var yuanhui = roundCase.GetProperty("data").GetProperty("submissions").GetProperty("yuanhui").GetString()!;
        var before = await host.WaitForAwaitedAsync(yuanhui, "submit");
        var good = Sample("yuanhui-2021-H2-submit.json").GetRawText();
        string[] bodies =
        [
            """{"type":"submit","buildings":"两栋","landSavingRate":0.4,"materials":["subsidy-evidence"]}""",
            """{"type":"submit","buildings":[null],"landSavingRate":0.4,"materials":["subsidy-evidence"]}""",
            """{"type":"submit","buildings":[{"projectName":"x"}],"landSavingRate":"many","materials":["subsidy-evidence"]}""",
            good.Replace("\"2021-11-18\"", "\"昨天\"", StringComparison.Ordinal),
            good.Replace("\"areaSquareMetres\": 4800", "\"areaSquareMetres\": -4800", StringComparison.Ordinal),
            good.Replace("\"areaSquareMetres\": 4800", "\"areaSquareMetres\": 1e16", StringComparison.Ordinal),
            good.Replace("\"landSavingRate\": 0.42", "\"landSavingRate\": 4.2", StringComparison.Ordinal),
            good.Replace("\"kind\": \"new\"", "\"kind\": \"仓库\"", StringComparison.Ordinal),
        ];
        foreach (var body in bodies)
        {
            var (status, problem) = await host.SendAsync(HttpMethod.Post, $"/api/cases/{yuanhui}/events", Yuanhui, raw: body);

            Assert.True(status == 400, $"{body[..Math.Min(80, body.Length)]}: {status} {problem}");
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("rule").GetString()));
            Assert.True(problem.TryGetProperty("field", out _), problem.ToString());
        }

        var after = await host.WaitForAwaitedAsync(yuanhui, "submit");
        Assert.Equal(before.GetProperty("stage").GetInt32(), after.GetProperty("stage").GetInt32());
    }

    private static (string County, decimal Score, string Outcome) Place(JsonElement c) =>
        (c.GetProperty("countyId").GetString()!, c.GetProperty("score").GetDecimal(), c.GetProperty("outcome").GetString()!);

    private static JsonElement Sample(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "factories", file);
            if (File.Exists(candidate))
            {
                return JsonDocument.Parse(File.ReadAllText(candidate)).RootElement.Clone();
            }
        }

        throw new FileNotFoundException(file);
    }
}
