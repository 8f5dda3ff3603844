using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Integration.Tests.Energy;

namespace Workflows.Integration.Tests.PatentAward;

/// <summary>
/// 漯政〔2021〕22号 end to end on the real engine (in memory). The 2024 round: two applications pass qualification,
/// expert review (an expert who declared an interest is refused, 第十六条) and the site visit; the results are published
/// on 27 September 2024, so the 5 working days run across National Day and end on 10 October (第十二条(六)); one
/// applicant's fraud is found before the award (qualification cancelled, its recommending unit suspended, 第十八条,
/// 第十九条), the city government approves the other, who is awarded, then found to have cheated: the award is revoked,
/// recovered, published and the unit barred for 6 years. In the 2026 round its new application and one recommended by
/// the suspended unit are refused by the same ban check as market-entity bans.
/// </summary>
public sealed class PatentAwardRoundTests : IAsyncLifetime
{
    private const string Office = "dev-ip-office";
    private const string Shali = "dev-enterprise-shali";
    private const string Kangyuan = "dev-enterprise-kangyuan";
    private EnergyHost host = null!;

    public async Task InitializeAsync() => host = await EnergyHost.StartAsync(inMemory: true);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Round2024_PublicityAcrossNationalDayFraudBeforeAndAfterAward_BarredReapplications()
    {
        var round = await OpenRoundAsync(2024);
        var (biennial, refused) = await host.SendAsync(HttpMethod.Post, "/api/patent-award-rounds", Office, new { year = 2025 });
        Assert.Equal((400, "patent-award.round.biennial"), (biennial, refused.GetProperty("rule").GetString()));

        var shali = await ApplyAsync(Shali, Sample("shali-2024-application.json"));
        var kangyuan = await ApplyAsync(Kangyuan, Sample("kangyuan-2024-application.json"));
        Assert.Equal(404, (await host.SendAsync(HttpMethod.Get, $"/api/cases/{shali}", Kangyuan)).Status);

        await QualifyAsync(shali);
        await StepAsync(
            shali,
            new
            {
                type = "declare-conflict",
                expertId = "E-02",
                expertName = "孙丽",
                reason = "曾任申报单位技术顾问",
            },
            "expert-review"
        );
        var conflicted = Sample("expert-review-gold.json");
        conflicted["experts"]!.AsArray().Add(new JsonObject { ["id"] = "E-02", ["name"] = "孙丽" });
        var (refusedReview, conflict) = await host.EventAsync(shali, Office, conflicted);
        Assert.Equal((409, "patent-award.expert.conflict"), (refusedReview, conflict.GetProperty("rule").GetString()));
        await StepAsync(shali, Sample("expert-review-gold.json"), "site-visit");
        await StepAsync(shali, Sample("site-visit.json"), "award");

        await QualifyAsync(kangyuan);
        var silver = Sample("expert-review-gold.json");
        silver["recommendedLevel"] = "silver";
        await StepAsync(kangyuan, silver, "site-visit");
        await StepAsync(kangyuan, Sample("site-visit.json"), "award");

        var slate = new
        {
            type = "publicize",
            publishedOn = "2024-09-27",
            awards = new[] { new { caseId = shali, level = "gold" }, new { caseId = kangyuan, level = "silver" } },
        };
        Assert.Equal(202, (await host.EventAsync(round, Office, slate)).Status);
        var ended = await host.WaitForCaseAsync(round, c => c.GetProperty("state").GetString() == "publicity-ended");
        Assert.Equal("2024-10-10", ended.GetProperty("data").GetProperty("publicityEnds").GetString());

        // 第十八条 before the award, 第十九条 for the unit that helped.
        await StepAsync(
            kangyuan,
            new
            {
                type = "report-fraud",
                finding = "经济效益证明材料系伪造",
                recommenderAssisted = true,
            },
            null
        );
        var cancelled = await host.WaitForCaseAsync(kangyuan, CoalScenario.IsClosed);
        Assert.Equal("qualification-cancelled", cancelled.GetProperty("outcome").GetString());

        Assert.Equal(409, (await host.EventAsync(shali, Office, new { type = "award" })).Status);
        Assert.Equal(
            202,
            (await host.EventAsync(round, Office, new { type = "approve", approvalDocument = "漯政文〔2024〕156号" })).Status
        );
        var published = await host.WaitForCaseAsync(round, CoalScenario.IsClosed);
        var awards = published.GetProperty("data").GetProperty("awards").EnumerateArray().ToList();
        Assert.Equal([shali], awards.Select(a => a.GetProperty("caseId").GetString()));

        await StepAsync(shali, new { type = "award" }, "report-fraud");
        await StepAsync(shali, new { type = "report-fraud", finding = "专利实施销售合同系伪造" }, "revoke");
        await StepAsync(shali, new { type = "revoke", approvalDocument = "漯政文〔2026〕201号" }, "recovered");
        var (partial, incomplete) = await host.EventAsync(shali, Office, new { type = "recovered", prizeYuan = 100_000 });
        Assert.Equal((400, "patent-award.recovery.incomplete"), (partial, incomplete.GetProperty("rule").GetString()));
        Assert.Equal(202, (await host.EventAsync(shali, Office, new { type = "recovered", prizeYuan = 500_000 })).Status);
        var revoked = await host.WaitForCaseAsync(shali, CoalScenario.IsClosed);
        var ban = revoked.GetProperty("data").GetProperty("bans")[0];
        var today = DateOnly.Parse(ban.GetProperty("startDate").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal("revoked", revoked.GetProperty("outcome").GetString());
        Assert.True(DateOnly.Parse(ban.GetProperty("endDate").GetString()!, CultureInfo.InvariantCulture) >= today.AddYears(6));

        // The 2026 round: the barred unit, and an application recommended by the suspended unit, are refused.
        await OpenRoundAsync(2026);
        var again = Sample("shali-2024-application.json");
        again["roundYear"] = 2026;
        var barred = await host.WaitForCaseAsync(await ApplyAsync(Shali, again), CoalScenario.IsClosed);
        Assert.Equal(("barred", "refused-barred"), (barred.GetProperty("state").GetString(), barred.GetProperty("outcome").GetString()));
        Assert.Equal("漯政〔2021〕22号 第十八条", barred.GetProperty("data").GetProperty("bans")[0].GetProperty("article").GetString());
        var recommended = Sample("kangyuan-2024-application.json");
        recommended["roundYear"] = 2026;
        var suspended = await host.WaitForCaseAsync(await ApplyAsync("dev-enterprise", recommended), CoalScenario.IsClosed);
        Assert.Equal("漯政〔2021〕22号 第十九条", suspended.GetProperty("data").GetProperty("bans")[0].GetProperty("article").GetString());
    }

    /// <summary>A publicity that starts today runs 5 working days: the approval waits for its end (409 naming 第十二条(六)),
    /// an objection is recorded and, upheld, withdraws its application from the slate.</summary>
    [Fact]
    public async Task Publicity_Running_ApprovalRefusedAndUpheldObjectionWithdraws()
    {
        var round = await OpenRoundAsync(2026);
        var application = Sample("shali-2024-application.json");
        application["roundYear"] = 2026;
        var shali = await ApplyAsync(Shali, application);
        await QualifyAsync(shali);
        await StepAsync(shali, Sample("expert-review-gold.json"), "site-visit");
        await StepAsync(shali, Sample("site-visit.json"), "award");

        var tooMany = new { type = "publicize", awards = new[] { new { caseId = shali, level = "platinum" } } };
        var (unknown, level) = await host.EventAsync(round, Office, tooMany);
        Assert.Equal((400, "patent-award.level.unknown"), (unknown, level.GetProperty("rule").GetString()));
        Assert.Equal(
            202,
            (
                await host.EventAsync(round, Office, new { type = "publicize", awards = new[] { new { caseId = shali, level = "gold" } } })
            ).Status
        );
        var publicity = await host.WaitForCaseAsync(round, c => c.GetProperty("state").GetString() == "publicity");
        var deadline = publicity.GetProperty("deadline");
        Assert.Equal("patent-award-publicity", deadline.GetProperty("kind").GetString());
        Assert.Equal(publicity.GetProperty("data").GetProperty("publicityEnds").GetString(), deadline.GetProperty("due").GetString());

        var (early, running) = await host.EventAsync(round, Office, new { type = "approve", approvalDocument = "漯政文〔2026〕1号" });
        Assert.Equal((409, "patent-award.publicity.running"), (early, running.GetProperty("rule").GetString()));
        var objection = new
        {
            type = "object",
            caseId = shali,
            text = "该专利与本公司在先申请的专利技术方案相同，存在权属争议。",
        };
        Assert.Equal(202, (await host.EventAsync(round, "dev-objecting-party", objection)).Status);
        var objected = await host.WaitForCaseAsync(round, c => c.GetProperty("data").GetProperty("objections").GetArrayLength() == 1);
        var id = objected.GetProperty("data").GetProperty("objections")[0].GetProperty("id").GetString()!;

        var ruling = new
        {
            type = "rule-objection",
            objectionId = id,
            upheld = true,
            ruling = "经核查，权属争议尚在诉讼中（第九条(二)）。",
        };
        Assert.Equal(202, (await host.EventAsync(round, Office, ruling)).Status);
        var ruled = await host.WaitForCaseAsync(round, c => c.GetProperty("data").TryGetProperty("withdrawn", out _));
        Assert.Equal(0, ruled.GetProperty("data").GetProperty("slate").GetArrayLength());
        Assert.Equal([shali], ruled.GetProperty("data").GetProperty("withdrawn").EnumerateArray().Select(w => w.GetString()));
    }

    /// <summary>The bad-input corpus on the application route: 400s naming each field and rule, never a 5xx, no case;
    /// only a unit applies and only the office opens a round.</summary>
    [Fact]
    public async Task Apply_BadBodiesAndWrongRoles_400NamingFieldAndRuleOr403()
    {
        await OpenRoundAsync(2024);
        var (bad, problem) = await host.SendAsync(HttpMethod.Post, "/api/patent-award-applications", Shali, Sample("application-bad.json"));
        Assert.Equal(400, bad);
        var rules = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("rule").GetString()).ToList();
        Assert.Equal(
            [
                "patent-award.patent.required",
                "patent-award.patent.kind",
                "patent-award.patent.number",
                "patent-award.patent.granted-on",
                "patent-award.recommender.uscc",
                "patent-award.excluded",
            ],
            rules.Where(r => r != "patent-award.material.missing").Distinct()
        );
        Assert.Equal(5, rules.Count(r => r == "patent-award.material.missing"));

        string[] bodies =
        [
            """{"roundYear":"二〇二四","patent":{}}""",
            """{"roundYear":2024,"patent":"一种装置"}""",
            """{"roundYear":2024,"patent":{"grantedOn":"昨天"}}""",
            """{"roundYear":2024,"materials":[null]}""",
        ];
        foreach (var body in bodies)
        {
            var (status, answer) = await host.SendAsync(HttpMethod.Post, "/api/patent-award-applications", Shali, raw: body);
            Assert.True(status == 400, $"{body}: {status} {answer}");
            Assert.False(string.IsNullOrEmpty(answer.GetProperty("rule").GetString()));
        }

        var future = Sample("shali-2024-application.json");
        future["roundYear"] = 2022;
        var (closed, notOpen) = await host.SendAsync(HttpMethod.Post, "/api/patent-award-applications", Shali, future);
        Assert.Equal((409, "patent-award.round.not-open"), (closed, notOpen.GetProperty("rule").GetString()));
        Assert.Equal(
            403,
            (await host.SendAsync(HttpMethod.Post, "/api/patent-award-applications", Office, Sample("shali-2024-application.json"))).Status
        );
        Assert.Equal(403, (await host.SendAsync(HttpMethod.Post, "/api/patent-award-rounds", Shali, new { year = 2026 })).Status);
        var (list, cases) = await host.SendAsync(HttpMethod.Get, "/api/cases?procedure=patent-award-application", "dev-admin");
        Assert.Equal((200, 0), (list, cases.GetProperty("items").GetArrayLength()));
    }

    private async Task<string> OpenRoundAsync(int year)
    {
        var (status, opened) = await host.SendAsync(HttpMethod.Post, "/api/patent-award-rounds", Office, new { year });
        Assert.True(status == 201, $"{status} {opened}");
        var id = opened.GetProperty("caseId").GetString()!;
        await host.WaitForAwaitedAsync(id, "publicize");
        return id;
    }

    private async Task<string> ApplyAsync(string key, JsonNode body)
    {
        var (status, opened) = await host.SendAsync(HttpMethod.Post, "/api/patent-award-applications", key, body);
        Assert.True(status == 201, $"{status} {opened}");
        return opened.GetProperty("caseId").GetString()!;
    }

    private async Task QualifyAsync(string caseId)
    {
        await host.WaitForAwaitedAsync(caseId, "qualify");
        await StepAsync(
            caseId,
            new
            {
                type = "qualify",
                passed = true,
                reason = "符合第八条申报条件，无第九条情形",
            },
            "expert-review"
        );
    }

    /// <summary>Sends an event as the office and waits until the case awaits <paramref name="next"/> (or nothing to wait for).</summary>
    private async Task StepAsync(string caseId, object body, string? next)
    {
        var (status, answer) = await host.EventAsync(caseId, Office, body);
        Assert.True(status == 202, $"{status} {answer}");
        if (next is not null)
        {
            await host.WaitForAwaitedAsync(caseId, next);
        }
    }

    private static JsonNode Sample(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "patent-award", file);
            if (File.Exists(candidate))
            {
                return JsonNode.Parse(File.ReadAllText(candidate))!;
            }
        }

        throw new FileNotFoundException(file);
    }
}
