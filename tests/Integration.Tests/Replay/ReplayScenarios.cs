using System.Text.Json;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;
using static Workflows.Integration.Tests.Replay.ReplayCaptureHost;

namespace Workflows.Integration.Tests.Replay;

/// <summary>
/// One waiting point of one procedure: <see cref="Drive"/> brings a new case there through the public API and returns
/// its id; <see cref="Release"/> (optional) closes it afterwards so the next scenario of the same entity may open one.
/// </summary>
public sealed record ReplayScenario(string Procedure, string WaitingPoint, Func<ReplayCaptureHost, Task<string>> Drive, Func<ReplayCaptureHost, string, Task>? Release = null)
{
    /// <summary>The history file of this waiting point for instances started on today's version.</summary>
    public string FileName => ReplayHistoryFile.NameOf(Procedure, WaitingPoint, Functions.Orchestrations.OrchestrationVersions.Current);

    public override string ToString() => $"{Procedure} / {WaitingPoint}";
}

/// <summary>Every procedure's waiting points, as a case reaches them in production (issue 17 item 2).</summary>
public static class ReplayScenarios
{
    private const string Owner = "dev-project-owner";
    private const string Municipal = "dev-municipal-drc";
    private const string County = "dev-county-office";
    private const string Provincial = "dev-provincial-drc";
    private const string RetrofitProgramme = "luohe-key-units-retrofit-2021-2023";

    public static IReadOnlyList<ReplayScenario> All { get; } =
    [
        .. Registration(),
        .. Deregistration(),
        .. Revocation(),
        .. Trackers(),
        .. Coal(),
        .. Retrofit(),
        .. StandardFactories(),
        .. TwoHigh(),
        .. ProxyPower(),
        .. PatentAward(),
    ];

    private static IEnumerable<ReplayScenario> Registration()
    {
        yield return new("registration", "under-review", async h =>
        {
            var id = await OpenRegistrationAsync(h, Iso(Today));
            await h.AwaitingAsync(id, "extend");
            return id;
        });
        yield return new("registration", "extended", async h =>
        {
            var id = await OpenRegistrationAsync(h, Iso(Today));
            await h.AwaitingAsync(id, "extend");
            await h.SendAsync(Head, id, new { type = "extend", reason = "情形复杂，需核实股东身份" });
            await h.WaitAsync(id, c => State(c) == "under-review-extended");
            return id;
        });
        yield return new("registration", "in-correction", async h =>
        {
            var id = await OpenRegistrationAsync(h, Iso(Today));
            await h.AwaitingAsync(id, "request-correction");
            await h.SendAsync(Officer, id, new { type = "request-correction", missingMaterials = new[] { "identity-documents", "residence-proof" } });
            await h.WaitAsync(id, c => State(c) == "awaiting-correction");
            return id;
        });
        yield return new("registration", "resubmitted", async h =>
        {
            var id = await OpenRegistrationAsync(h, Iso(Today));
            await h.AwaitingAsync(id, "request-correction");
            await h.SendAsync(Officer, id, new { type = "request-correction", missingMaterials = new[] { "identity-documents" } });
            await h.AwaitingAsync(id, "resubmit");
            await h.SendAsync(Enterprise, id, new { type = "resubmit", materials = new[] { "identity-documents" } });
            await h.WaitAsync(id, c => State(c) == "under-review" && Actions(c).Contains("resubmitted"));
            return id;
        });
        yield return new("registration", "overdue", async h =>
        {
            var id = await OpenRegistrationAsync(h, "2024-02-08");
            await h.WaitAsync(id, c => State(c) == "overdue");
            return id;
        });
    }

    private static IEnumerable<ReplayScenario> Deregistration()
    {
        var withdraw = (ReplayCaptureHost h, string id) => CloseAsync(h, SimplifiedApplicant, id, new { type = "withdraw" });
        yield return new("simplified-deregistration", "in-notice", async h =>
        {
            var id = await h.OpenAsync(SimplifiedApplicant, "/api/deregistrations/simplified", With(Sample("deregistration/simplified.json"), new { noticeStart = Iso(Today) }));
            await h.AwaitingAsync(id, "object");
            return id;
        }, withdraw);
        yield return new("simplified-deregistration", "awaiting-application", async h =>
        {
            var id = await h.OpenAsync(SimplifiedApplicant, "/api/deregistrations/simplified", With(Sample("deregistration/simplified.json"), new { noticeStart = Iso(Today.AddDays(-25)) }));
            await h.AwaitingAsync(id, "file-deregistration");
            return id;
        }, withdraw);
        yield return new("simplified-deregistration", "awaiting-decision", async h =>
        {
            var id = await h.OpenAsync(SimplifiedApplicant, "/api/deregistrations/simplified", With(Sample("deregistration/simplified.json"), new { noticeStart = Iso(Today.AddDays(-25)) }));
            await h.AwaitingAsync(id, "file-deregistration");
            await h.SendAsync(SimplifiedApplicant, id, new { type = "file-deregistration" });
            await h.AwaitingAsync(id, "deregister");
            return id;
        }, (h, id) => CloseAsync(h, Officer, id, new { type = "deregister" }));
        var withdrawIndividual = (ReplayCaptureHost h, string id) => CloseAsync(h, IndividualApplicant, id, new { type = "withdraw" });
        // Version 3 (issue 14, Art. 33 para 3): the officer pushes the application; the departments' 10 days run from the push.
        yield return new("individual-business-deregistration", "awaiting-push", async h =>
        {
            var id = await h.OpenAsync(IndividualApplicant, "/api/deregistrations/individual-business", With(Sample("deregistration/individual-business.json"), new { noticeStart = Iso(Today) }));
            await h.AwaitingAsync(id, "push-to-departments");
            return id;
        }, withdrawIndividual);
        yield return new("individual-business-deregistration", "in-notice", async h =>
        {
            var id = await h.OpenAsync(IndividualApplicant, "/api/deregistrations/individual-business", With(Sample("deregistration/individual-business.json"), new { noticeStart = Iso(Today) }));
            await h.AwaitingAsync(id, "push-to-departments");
            await h.SendAsync(Officer, id, new { type = "push-to-departments", departments = new[] { "国家税务总局漯河市源汇区税务局" } });
            await h.AwaitingAsync(id, "object");
            return id;
        }, withdrawIndividual);
    }

    private static IEnumerable<ReplayScenario> Revocation()
    {
        var notRevoke = (ReplayCaptureHost h, string id) => CloseAsync(h, Head, id, new { type = "decide-not-revoke", ground = "cannotRestorePriorState", reasons = new[] { "无法恢复到登记前的状态" } });
        yield return new("revocation", "under-investigation", async h =>
        {
            var id = await h.OpenAsync(Affected, "/api/revocations", Sample("revocation/application.json"));
            await h.AwaitingAsync(id, "decide-revoke");
            await h.SendAsync(Officer, id, new { type = "investigation-finding", finding = "签名系伪造", evidence = new[] { "笔迹鉴定意见书.pdf" } });
            await h.WaitAsync(id, c => Actions(c).Any(a => a.Contains("finding", StringComparison.Ordinal)) && Awaits(c, "decide-revoke"));
            return id;
        }, notRevoke);
        yield return new("revocation", "in-notice", async h =>
        {
            var id = await h.OpenAsync(Affected, "/api/revocations", Sample("revocation/application.json"));
            await h.AwaitingAsync(id, "start-public-notice");
            await h.SendAsync(Officer, id, new { type = "start-public-notice", unreachableOrRefused = "无法联系", noticeStart = Iso(Today) });
            await h.AwaitingAsync(id, "object");
            return id;
        }, async (h, id) =>
        {
            await h.SendAsync(Objector, id, new { type = "object", reason = "登记系本公司真实意思表示" });
            await h.AwaitingAsync(id, "decide-not-revoke");
            await notRevoke(h, id);
        });
        yield return new("revocation", "notice-ended", async h =>
        {
            var id = await h.OpenAsync(Affected, "/api/revocations", Sample("revocation/application.json"));
            await h.AwaitingAsync(id, "start-public-notice");
            await h.SendAsync(Officer, id, new { type = "start-public-notice", unreachableOrRefused = "无法联系", noticeStart = "2025-05-20" });
            await h.WaitAsync(id, c => State(c) == "notice-ended");
            return id;
        }, notRevoke);
        // Version 3 (issue 14): revoked only on a finding (Art. 40 para 2); the revocation and the reversal are published.
        var reverseAndPublish = async (ReplayCaptureHost h, string id) =>
        {
            await h.SendAsync(Head, id, new { type = "reverse", reason = "上级机关认定撤销决定错误" });
            await h.WaitAsync(id, c => State(c) == "reversed" && Awaits(c, "record-publication"));
            await CloseAsync(h, Officer, id, new { type = "record-publication", item = "reversal", content = "撤销决定已撤销，恢复原登记状态" });
        };
        yield return new("revocation", "revoked-ban-running", RevokeAsync, reverseAndPublish);
        yield return new("revocation", "revoked-published", async h =>
        {
            var id = await RevokeAsync(h);
            await h.SendAsync(Officer, id, new { type = "record-publication", item = "revocation", content = "撤销登记；张伟3年内不得再次申请登记" });
            await h.WaitAsync(id, c => Actions(c).Contains("published") && Awaits(c, "reverse"));
            return id;
        }, reverseAndPublish);
        yield return new("revocation", "reversed-awaiting-publication", async h =>
        {
            var id = await RevokeAsync(h);
            await h.SendAsync(Head, id, new { type = "reverse", reason = "上级机关认定撤销决定错误" });
            await h.WaitAsync(id, c => State(c) == "reversed" && Awaits(c, "record-publication"));
            return id;
        }, (h, id) => CloseAsync(h, Officer, id, new { type = "record-publication", item = "reversal", content = "撤销决定已撤销" }));
    }

    private static IEnumerable<ReplayScenario> Trackers()
    {
        yield return new("tracker", "tracking", async h =>
        {
            var id = await h.OpenAsync(Officer, "/api/trackers", With(Sample("trackers/suspension.json"), new { triggerDate = Iso(Today) }));
            await h.AwaitingAsync(id, "comply");
            return id;
        });
        yield return new("tracker", "overdue", async h =>
        {
            var id = await h.OpenAsync(Officer, "/api/trackers", Sample("trackers/change-registration.json"));
            await h.WaitAsync(id, c => State(c) == "overdue");
            return id;
        });
    }

    private static IEnumerable<ReplayScenario> Coal()
    {
        yield return new("coal-substitution", "after-intake", async h =>
        {
            var id = await OpenCoalAsync(h);
            await h.AwaitingAsync(id, "submit-for-review");
            return id;
        });
        yield return new("coal-substitution", "in-review", async h =>
        {
            var id = await OpenCoalAsync(h);
            await AllocateAsync(h, id, 2_000m);
            await h.SendAsync(Owner, id, new { type = "submit-for-review" });
            await h.AwaitingAsync(id, "approve");
            return id;
        });
        yield return new("coal-substitution", "awaiting-publication", async h =>
        {
            var id = await OpenCoalAsync(h);
            await AllocateAsync(h, id, 2_000m);
            await h.SendAsync(Owner, id, new { type = "submit-for-review" });
            await h.AwaitingAsync(id, "approve");
            await h.SendAsync(Municipal, id, new { type = "approve" });
            await h.AwaitingAsync(id, "record-publication");
            return id;
        });
        // Version 4 (issue 14, coal measures Arts. 20, 21): a rectification ordered, an opinion withdrawn.
        yield return new("coal-substitution", "rectification-ordered", async h =>
        {
            var id = await ApprovedCoalAsync(h);
            await h.SendAsync(Municipal, id, new { type = "order-rectification", finding = "替代源未按方案落实", days = 30 });
            await h.AwaitingAsync(id, "accept-rectification");
            return id;
        });
        yield return new("coal-substitution", "withdrawal-unpublished", async h =>
        {
            var id = await ApprovedCoalAsync(h);
            await h.SendAsync(Municipal, id, new { type = "withdraw-opinion", ground = "doubleCounting", finding = "替代源已用于另一项目" });
            await h.AwaitingAsync(id, "record-withdrawal-publication");
            return id;
        });
    }

    private static async Task<string> ApprovedCoalAsync(ReplayCaptureHost h)
    {
        var id = await OpenCoalAsync(h);
        await AllocateAsync(h, id, 2_000m);
        await h.SendAsync(Owner, id, new { type = "submit-for-review" });
        await h.AwaitingAsync(id, "approve");
        await h.SendAsync(Municipal, id, new { type = "approve" });
        await h.AwaitingAsync(id, "record-publication");
        return id;
    }

    private static IEnumerable<ReplayScenario> Retrofit()
    {
        yield return new("retrofit-project", "after-intake", async h =>
        {
            var id = await OpenRetrofitProjectAsync(h, "RP-1");
            await h.AwaitingAsync(id, "progress");
            return id;
        });
        yield return new("retrofit-project", "in-progress", async h =>
        {
            var id = await OpenRetrofitProjectAsync(h, "RP-2");
            await h.AwaitingAsync(id, "progress");
            await h.SendAsync(County, id, new { type = "progress", reportDate = "2021-09-30", status = "inProgress", startedOn = "2021-08-01", investmentToDateTenThousandYuan = 400, achievedSavingsTcePerYear = 0 });
            await h.WaitAsync(id, c => State(c) == "in-progress");
            return id;
        });
        yield return new("retrofit-programme", "completed", async h =>
        {
            await ImportUnitsAsync(h);
            var id = await h.CreateAsync(Municipal, $"/api/retrofit-programmes/{RetrofitProgramme}/start", new { });
            await h.WaitAsync(id, Closed);
            return id;
        });
    }

    private static async Task<string> RevokeAsync(ReplayCaptureHost h)
    {
        var id = await h.OpenAsync(Affected, "/api/revocations", Sample("revocation/application.json"));
        await h.AwaitingAsync(id, "decide-revoke");
        await h.SendAsync(Officer, id, new { type = "investigation-finding", finding = "签名系伪造", evidence = new[] { "笔迹鉴定意见书.pdf" } });
        await h.WaitAsync(id, c => Actions(c).Contains("investigation-finding") && Awaits(c, "decide-revoke"));
        await h.SendAsync(Head, id, new { type = "decide-revoke", directlyResponsiblePersons = new[] { new { name = "张伟", idNumber = "411102198503120015" } } });
        await h.WaitAsync(id, c => State(c) == "revoked" && Awaits(c, "reverse"));
        return id;
    }

    /// <summary>漯政〔2021〕17号 (issue 19): one round of 2021-H2 (opened once: the round is idempotent per half-year) and
    /// its county cases at their waiting points.</summary>
    private static IEnumerable<ReplayScenario> StandardFactories()
    {
        yield return new("standard-factory-round", "collecting", async h =>
        {
            var id = await h.CreateAsync(Municipal, "/api/standard-factory-rounds", new { halfYear = "2021-H2" });
            await h.AwaitingAsync(id, "rank");
            return id;
        });
        yield return new("standard-factory-submission", "overdue", async h =>
        {
            var id = await FactorySubmissionAsync(h, "shaoling");
            await h.WaitAsync(id, c => State(c) == "overdue");
            return id;
        });
        yield return new("standard-factory-submission", "submitted", async h =>
        {
            var id = await FactorySubmissionAsync(h, "yuanhui");
            await h.WaitAsync(id, c => State(c) == "overdue");
            var submit = JsonDocument.Parse(Sample("factories/yuanhui-2021-H2-submit.json")).RootElement.Clone();
            await h.SendAsync(County, id, submit);
            await h.AwaitingAsync(id, "verify");
            return id;
        });
    }

    /// <summary>豫政办〔2021〕65号 (issue 19): a region's barometer case waiting for its next month (green, then
    /// restricted after three red months, then with a missed year's suspension awaiting restoration), each in a region of
    /// its own so no other scenario's coal case is restricted; a listed project waiting for its diagnosis deadline or
    /// for its operation.</summary>
    private static IEnumerable<ReplayScenario> TwoHigh()
    {
        yield return new("two-high-region", "watching", async h =>
        {
            var id = await BarometerAsync(h, "郾城区", (2021, 7, 2.4m));
            await h.WaitAsync(id, c => State(c) == "barometer-green");
            return id;
        });
        yield return new("two-high-region", "restricted", async h =>
        {
            var id = await BarometerAsync(h, "召陵区", (2021, 7, -0.5m), (2021, 8, -0.7m), (2021, 9, -1.1m));
            await h.WaitAsync(id, c => State(c) == "restricted");
            return id;
        });
        yield return new("two-high-region", "reviews-suspended", async h =>
        {
            var id = await BarometerAsync(h, "临颍县", (2021, 10, 2.6m));
            await h.WaitAsync(id, c => State(c) == "barometer-green");
            await h.SendAsync(Provincial, id, new { type = "annual-assessment", year = 2021, dualControlMet = false, pollutantTotalsMet = true });
            await h.AwaitingAsync(id, "restore");
            return id;
        });
        yield return new("two-high-project", "diagnosis-due", async h =>
        {
            var id = await h.CreateAsync(Municipal, "/api/two-high/projects", TwoHighProject("舞阳县某焦化项目", "operating", Iso(Today.AddDays(-30))));
            await h.AwaitingAsync(id, "record-diagnosis");
            return id;
        });
        yield return new("two-high-project", "awaiting-operation", async h =>
        {
            var id = await h.CreateAsync(Municipal, "/api/two-high/projects", TwoHighProject("临颍县某建材项目", "underConstruction", null));
            await h.AwaitingAsync(id, "start-operation");
            return id;
        });
    }

    /// <summary>发改办价格〔2021〕809号 (issue 19): a month's publication waiting overdue, a user under proxy after every
    /// quarter's window has closed (the notice's days have passed, so those are the points a case waits at).</summary>
    private static IEnumerable<ReplayScenario> ProxyPower()
    {
        yield return new("proxy-power-obligation", "overdue", async h =>
        {
            var (_, opened) = await PostAsync(h.Http, Municipal, "/api/proxy-power-obligations", """{"kind":"price-publication","period":"2022-09"}""");
            var id = opened.GetProperty("cases").GetProperty("luohe").GetString()!;
            await h.WaitAsync(id, c => State(c) == "overdue");
            return id;
        });
        yield return new("proxy-power-user", "under-proxy", async h =>
        {
            var id = await h.CreateAsync("dev-grid-luohe", "/api/proxy-power-users", JsonDocument.Parse(Sample("power/huayu-left-market.json")).RootElement);
            await h.WaitAsync(
                id,
                c => c.GetProperty("history").EnumerateArray().Any(e => e.GetProperty("action").GetString() == "window-beyond-validity")
            );
            return id;
        });
    }

    private static object TwoHighProject(string name, string status, string? operatingSince) => new
    {
        projectName = $"{name} {Guid.NewGuid():N}",
        ownerUscc = "91411122MA9HB1WE0G",
        ownerName = "舞阳县豫舞特钢有限公司",
        industry = "coking",
        annualEnergyTce = 52_000m,
        location = new { city = "漯河市", county = "舞阳县" },
        status,
        operatingSince,
    };

    /// <summary>Publishes the months of one Luohe county (red below 0, green above the 2.3 % progress) and returns its case.</summary>
    private static async Task<string> BarometerAsync(ReplayCaptureHost h, string county, params (int Year, int Month, decimal Reduction)[] months)
    {
        var rows = months.Select(m => new
        {
            city = "漯河市",
            county,
            month = $"{m.Year:D4}-{m.Month:D2}",
            intensityReductionPercent = m.Reduction,
            intensityTargetPercent = 2.3m,
            energyTotalTce = 400_000m,
            energyCapTce = 500_000m,
            coalTotalTonnes = 200_000m,
            coalCapTonnes = 260_000m,
        });
        var (status, body) = await PostAsync(h.Http, Provincial, "/api/two-high/barometer", JsonSerializer.Serialize(new { rows }));
        Assert.True(status == System.Net.HttpStatusCode.Accepted, body.ToString());
        return body.GetProperty("cases").GetProperty($"漯河市{county}").GetString()!;
    }

    /// <summary>漯政〔2021〕22号 (issue 19): rounds of 2022, 2024 and 2026 (two years apart, 第五条; each opened once) and
    /// applications at their waiting points. 2024 takes applications; 2026's publicity runs (its timer pending); 2022's
    /// ended across National Day (2022-09-29 + 5 working days) and waits for the approval.</summary>
    private static IEnumerable<ReplayScenario> PatentAward()
    {
        yield return new("patent-award-round", "accepting-applications", async h =>
        {
            var id = await PatentRoundAsync(h, 2024);
            await h.AwaitingAsync(id, "publicize");
            return id;
        });
        yield return new("patent-award-application", "qualification-review", async h =>
        {
            await PatentRoundAsync(h, 2024);
            var id = await PatentApplicationAsync(h, "dev-enterprise-shali", "patent-award/shali-2024-application.json", 2024);
            await h.AwaitingAsync(id, "qualify");
            return id;
        });
        yield return new("patent-award-application", "nominated", async h =>
        {
            await PatentRoundAsync(h, 2024);
            return await NominatedAsync(h, "dev-enterprise-kangyuan", "patent-award/kangyuan-2024-application.json", 2024);
        });
        yield return new("patent-award-round", "publicity", h => PublicizedRoundAsync(h, 2026, null, "publicity"));
        yield return new("patent-award-round", "publicity-ended", h => PublicizedRoundAsync(h, 2022, "2022-09-29", "publicity-ended"));
    }

    private const string IpOffice = "dev-ip-office";

    /// <summary>The year's round: opened by the first scenario that needs it, the same case for the others (200).</summary>
    private static async Task<string> PatentRoundAsync(ReplayCaptureHost h, int year)
    {
        var (_, round) = await PostAsync(h.Http, IpOffice, "/api/patent-award-rounds", JsonSerializer.Serialize(new { year }));
        return round.GetProperty("caseId").GetString()!;
    }

    private static async Task<string> PublicizedRoundAsync(ReplayCaptureHost h, int year, string? publishedOn, string state)
    {
        var round = await PatentRoundAsync(h, year);
        await h.AwaitingAsync(round, "publicize");
        var nominee = await NominatedAsync(h, "dev-enterprise-shali", "patent-award/shali-2024-application.json", year);
        var awards = new[] { new { caseId = nominee, level = "gold" } };
        object publicize = publishedOn is null ? new { type = "publicize", awards } : new { type = "publicize", awards, publishedOn };
        await h.SendAsync(IpOffice, round, publicize);
        await h.WaitAsync(round, c => State(c) == state);
        return round;
    }

    private static async Task<string> NominatedAsync(ReplayCaptureHost h, string applicant, string sample, int year)
    {
        var id = await PatentApplicationAsync(h, applicant, sample, year);
        await h.AwaitingAsync(id, "qualify");
        await h.SendAsync(IpOffice, id, new { type = "qualify", passed = true, reason = "符合第八条申报条件" });
        await h.AwaitingAsync(id, "expert-review");
        await h.SendAsync(IpOffice, id, JsonDocument.Parse(Sample("patent-award/expert-review-gold.json")).RootElement.Clone());
        await h.AwaitingAsync(id, "site-visit");
        await h.SendAsync(IpOffice, id, JsonDocument.Parse(Sample("patent-award/site-visit.json")).RootElement.Clone());
        await h.AwaitingAsync(id, "award");
        return id;
    }

    private static async Task<string> PatentApplicationAsync(ReplayCaptureHost h, string applicant, string sample, int year)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(Sample(sample))!;
        body["roundYear"] = year;
        return await h.CreateAsync(applicant, "/api/patent-award-applications", body);
    }

    private static async Task<string> FactorySubmissionAsync(ReplayCaptureHost h, string county)
    {
        var (_, round) = await PostAsync(h.Http, Municipal, "/api/standard-factory-rounds", """{"halfYear":"2021-H2"}""");
        var roundCase = await h.AwaitingAsync(round.GetProperty("caseId").GetString()!, "rank");
        return roundCase.GetProperty("data").GetProperty("submissions").GetProperty(county).GetString()!;
    }

    private static Task<string> OpenRegistrationAsync(ReplayCaptureHost h, string acceptedOn) =>
        h.OpenAsync(Enterprise, "/api/registrations", With(Sample("registration/application-complete.json"), new { acceptedOn }));

    private static async Task CloseAsync(ReplayCaptureHost h, string apiKey, string id, object evt)
    {
        await h.SendAsync(apiKey, id, evt);
        await h.WaitAsync(id, Closed);
    }

    private static Task<string> OpenCoalAsync(ReplayCaptureHost h) => h.CreateAsync(Owner, "/api/coal-projects", new
    {
        projectName = $"漯河某化工有限公司原料项目 {Guid.NewGuid():N}",
        ownerUscc = "91411102MA45B8C906",
        ownerName = "漯河市郾城区建材有限公司",
        kind = "new",
        industry = "chemicals",
        coalUse = "rawMaterial",
        newCoalConsumptionTonnes = 3_000m,
        location = new { city = "漯河市", county = "源汇区" },
        annualEnergyConsumptionTce = 1_200m,
        acceptedOn = Iso(Today),
    });

    private static async Task AllocateAsync(ReplayCaptureHost h, string id, decimal tonnes)
    {
        await h.AwaitingAsync(id, "submit-for-review");
        var source = $"SRC-{Guid.NewGuid():N}";
        await h.CreateAsync(Municipal, "/api/coal-sources", new
        {
            id = source,
            kind = "efficiencyRetrofit",
            description = "源汇区某厂燃煤锅炉节能改造",
            location = new { city = "漯河市", county = "源汇区" },
            reductionTonnes = tonnes,
            coalBeforeTonnes = tonnes + 1_000m,
            coalAfterTonnes = 1_000m,
        });
        await h.CreateAsync(Owner, $"/api/coal-projects/{id}/sources", new { sourceId = source, tonnes });
        await h.WaitAsync(id, c => c.GetProperty("data").GetProperty("achievedTonnes").GetDecimal() == tonnes);
    }

    private static async Task ImportUnitsAsync(ReplayCaptureHost h)
    {
        var name = $"{RetrofitProgramme}/key-units.csv";
        if (await h.Blobs.GetAsync("retrofit-inbox", name) is null)
        {
            await h.Blobs.PutAsync("retrofit-inbox", name, await File.ReadAllBytesAsync(Energy.EnergyHost.SamplesPath("key-units.csv")), "text/csv");
        }
    }

    /// <summary>A retrofit project of the programme; its units list arrives through the inbox watcher first.</summary>
    private static async Task<string> OpenRetrofitProjectAsync(ReplayCaptureHost h, string projectId)
    {
        await ImportUnitsAsync(h);
        var body = new
        {
            programmeId = RetrofitProgramme,
            project = new { id = projectId, unitUscc = "9141110252601815X9", category = "energySaving", content = "余热回收改造", deadline = "2021-12-31", investmentTenThousandYuan = 850, expectedSavingsTcePerYear = 1200 },
        };
        for (var attempt = 0; ; attempt++)
        {
            var (status, created) = await PostAsync(h.Http, County, "/api/retrofit-projects", System.Text.Json.JsonSerializer.Serialize(body));
            if ((int)status == 201)
            {
                return created.GetProperty("caseId").GetString()!;
            }

            // The units import is asynchronous (blob watcher); until it lands the programme has no such unit (409).
            Assert.True(attempt < 100, $"retrofit project not accepted: {(int)status} {created}");
            await Task.Delay(300);
        }
    }
}
