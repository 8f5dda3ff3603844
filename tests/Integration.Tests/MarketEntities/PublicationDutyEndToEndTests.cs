using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.MarketEntities;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.MarketEntities;

/// <summary>The tracked obligations of the register's changes on the real engine (issue 14 item 3): the void licence
/// after a revocation (Decree 746 Art. 37 para 3) and a suspension's publications (Art. 30).</summary>
public sealed class PublicationDutyEndToEndTests(InMemoryMarketHost host) : IClassFixture<InMemoryMarketHost>
{
    private const string Platform = "国家企业信用信息公示系统";
    private const string SuspendedUscc = "91411100MA44X1Y23P";

    private HttpClient Http => host.Http;

    [Fact]
    public async Task Art37Para3_RevokedEntity_LicenceNotReturned_VoidAnnouncementTrackedUntilPublished()
    {
        var revocation = await RevokeAsync("91411102MA40AB1C22", "漯河市源汇区聚丰粮油贸易有限公司");
        var duty = await OpenedObligationAsync($"{revocation}|Revoked|licence-void");

        var opened = await WaitForCaseAsync(Http, duty, c => Awaits(c, "return-licence") && Due(c) is not null);
        Assert.Equal("publication-duty", opened.GetProperty("procedure").GetString());
        Assert.Equal("awaiting-licence-return", State(opened));
        var explanation = string.Join("\n", opened.GetProperty("deadline").GetProperty("explanation").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("未规定期限", explanation, StringComparison.Ordinal);

        var refused = new { type = "licence-not-returned", reason = "法定代表人拒绝缴回" };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Officer, duty, refused)).Status);
        var owed = await WaitForCaseAsync(Http, duty, c => Awaits(c, "record-publication"));
        Assert.Equal("publication-licence-void", owed.GetProperty("deadline").GetProperty("kind").GetString());
        var owedExplanation = owed.GetProperty("deadline").GetProperty("explanation").EnumerateArray().Select(e => e.GetString());
        Assert.Contains(owedExplanation, e => e!.Contains("《企业信息公示暂行条例》第六条", StringComparison.Ordinal));

        var publication = new { type = "record-publication", item = "licence-void", content = "漯河市源汇区聚丰粮油贸易有限公司营业执照作废" };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Officer, duty, publication)).Status);
        var closed = await WaitForCaseAsync(Http, duty, Closed);
        Assert.Equal("published", closed.GetProperty("outcome").GetString());
        var record = Assert.Single(closed.GetProperty("data").GetProperty("publications").EnumerateArray());
        Assert.Equal((Platform, "licence-void"), (record.GetProperty("where").GetString(), record.GetProperty("item").GetString()));
    }

    [Fact]
    public async Task Art37Para3_RevokedEntity_LicenceReturned_ClosesWithoutAnnouncement()
    {
        var revocation = await RevokeAsync("91411100MA43GH7J8H", "漯河市沙澧食品科技股份有限公司");
        var duty = await OpenedObligationAsync($"{revocation}|Revoked|licence-void");
        await WaitForCaseAsync(Http, duty, c => Awaits(c, "return-licence"));

        var returned = new { type = "return-licence", evidence = new[] { "营业执照正副本缴回登记表.pdf" } };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Officer, duty, returned)).Status);
        var closed = await WaitForCaseAsync(Http, duty, Closed);
        Assert.Equal("licence-returned", closed.GetProperty("outcome").GetString());
        Assert.Empty(closed.GetProperty("data").GetProperty("publications").EnumerateArray());
    }

    [Fact]
    public async Task Art30_SuspensionFiled_PublishedAndTrackedForThreeYears_DeemedResumptionOwesEntityPublication()
    {
        await RegisterAsync();
        var today = Workflows.Domain.Calendar.ChinaTime.Today(host.Services.GetRequiredService<TimeProvider>());
        var filing = new
        {
            kind = "suspended",
            decidedOn = today.ToString("yyyy-MM-dd"),
            decision = "因火灾事故经营困难，歇业备案",
            suspendedFrom = today.AddDays(1).ToString("yyyy-MM-dd"),
            suspendedUntil = today.AddYears(1).ToString("yyyy-MM-dd"),
            serviceAddress = "漯河市源汇区黄河路88号",
        };
        var (status, entry) = await PostAsync(Http, Officer, $"/api/register/{SuspendedUscc}/changes", JsonSerializer.Serialize(filing));
        Assert.True(status == HttpStatusCode.OK, entry.ToString());
        Assert.Equal("suspended", entry.GetProperty("status").GetString());
        var cases = entry.GetProperty("obligations").EnumerateArray().Select(e => e.GetString()!).ToList();
        var publication = Assert.Single(cases, c => c.StartsWith("PUB-", StringComparison.Ordinal));
        var tracker = Assert.Single(cases, c => c.StartsWith("TRK-", StringComparison.Ordinal));

        var maximum = await WaitForCaseAsync(Http, tracker, c => Due(c) is not null);
        Assert.Equal("suspension-maximum", maximum.GetProperty("deadline").GetProperty("kind").GetString());
        await WaitForCaseAsync(Http, publication, c => Awaits(c, "record-publication"));
        var published = new { type = "record-publication", item = "suspension", content = "歇业期限及法律文书送达地址：漯河市源汇区黄河路88号" };
        var (byEntity, entityProblem) = await EventAsync(Http, Enterprise, publication, published);
        Assert.Equal((HttpStatusCode.Conflict, "publication.authority-duty"), (byEntity, entityProblem.GetProperty("rule").GetString()));
        var (wrongItem, itemProblem) = await EventAsync(Http, Officer, publication, new { type = "record-publication", item = "revocation", content = "x" });
        Assert.Equal((HttpStatusCode.BadRequest, "publication.item"), (wrongItem, itemProblem.GetProperty("rule").GetString()));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Officer, publication, published)).Status);
        Assert.Equal("published", (await WaitForCaseAsync(Http, publication, Closed)).GetProperty("outcome").GetString());

        var deemed = new { kind = "resumed", decision = "检查发现歇业期间开展经营活动", deemed = true };
        var (resumedStatus, resumed) = await PostAsync(Http, Officer, $"/api/register/{SuspendedUscc}/changes", JsonSerializer.Serialize(deemed));
        Assert.True(resumedStatus == HttpStatusCode.OK, resumed.ToString());
        Assert.Equal("registered", resumed.GetProperty("status").GetString());
        var owed = Assert.Single(resumed.GetProperty("obligations").EnumerateArray()).GetString()!;
        var waiting = await WaitForCaseAsync(Http, owed, c => Awaits(c, "record-publication"), Enterprise);
        Assert.Equal("enterprise", waiting.GetProperty("deadline").GetProperty("responsibleRole").GetString(), ignoreCase: true);
        var own = new { type = "record-publication", item = "resumption", content = "本企业已恢复营业" };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Enterprise, owed, own)).Status);
        Assert.True(Closed(await WaitForCaseAsync(Http, owed, Closed, Enterprise)));
        // Art. 30: the resumption meets the 3-year maximum; its tracker closes with the resumption as evidence.
        var met = await EndedAsync(tracker);
        Assert.Equal("fulfilled", met.GetProperty("outcome").GetString());
    }

    /// <summary>Decree 746 Art. 42 "恢复原登记状态": the licence the revocation voided is valid again, so the open Art. 37
    /// para 3 duty (return it, or announce it void) ends, cancelled with the reversal as its reason.</summary>
    [Fact]
    public async Task Art42_RevocationReversedBeforeTheLicenceWasReturned_VoidLicenceDutyCancelled()
    {
        var revocation = await RevokeAsync("91411103MA41CD3E4L", "漯河市郾城区宏达建材有限公司");
        var duty = await OpenedObligationAsync($"{revocation}|Revoked|licence-void");
        await WaitForCaseAsync(Http, duty, c => Awaits(c, "return-licence"));

        var reverse = new { type = "reverse", reason = "上级机关认定撤销决定错误" };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Head, revocation, reverse)).Status);
        await WaitForCaseAsync(Http, revocation, c => State(c) == "reversed");
        var cancelled = await EndedAsync(duty);

        Assert.Equal("cancelled", cancelled.GetProperty("outcome").GetString());
        Assert.Contains("第四十二条", cancelled.GetProperty("data").GetProperty("cancelReason").GetString(), StringComparison.Ordinal);
        Assert.Empty(cancelled.GetProperty("data").GetProperty("publications").EnumerateArray());
    }

    /// <summary>Decree 746 Art. 30: an entity that resumes before the authority published its suspension owes the public
    /// nothing more about it: the suspension's publication duty is cancelled and the 3-year maximum is met.</summary>
    [Fact]
    public async Task Art30_ResumedBeforeTheSuspensionWasPublished_PublicationCancelledAndMaximumMet()
    {
        var uscc = await ImportOneEntityAsync("漯河市召陵区福源农机销售有限公司");
        var today = Workflows.Domain.Calendar.ChinaTime.Today(host.Services.GetRequiredService<TimeProvider>());
        var filing = new
        {
            kind = "suspended",
            decidedOn = today.ToString("yyyy-MM-dd"),
            decision = "因疫情经营困难，歇业备案",
            suspendedFrom = today.AddDays(1).ToString("yyyy-MM-dd"),
            suspendedUntil = today.AddMonths(6).ToString("yyyy-MM-dd"),
            serviceAddress = "漯河市召陵区人民东路16号",
        };
        var (status, entry) = await PostAsync(Http, Officer, $"/api/register/{uscc}/changes", JsonSerializer.Serialize(filing));
        Assert.True(status == HttpStatusCode.OK, entry.ToString());
        var cases = entry.GetProperty("obligations").EnumerateArray().Select(e => e.GetString()!).ToList();
        var publication = Assert.Single(cases, c => c.StartsWith("PUB-", StringComparison.Ordinal));
        var tracker = Assert.Single(cases, c => c.StartsWith("TRK-", StringComparison.Ordinal));
        await WaitForCaseAsync(Http, publication, c => Awaits(c, "record-publication"));
        await WaitForCaseAsync(Http, tracker, c => Due(c) is not null);

        var resumption = new { kind = "resumed", decision = "市场主体已公示恢复营业", publishedOn = today.ToString("yyyy-MM-dd") };
        var path = $"/api/register/{uscc}/changes";
        var (resumedStatus, resumed) = await PostAsync(Http, Officer, path, JsonSerializer.Serialize(resumption));
        Assert.True(resumedStatus == HttpStatusCode.OK, resumed.ToString());

        var cancelled = await EndedAsync(publication);
        var met = await EndedAsync(tracker);
        Assert.Equal("cancelled", cancelled.GetProperty("outcome").GetString());
        Assert.Contains("第三十条", cancelled.GetProperty("data").GetProperty("cancelReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("fulfilled", met.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData(4, "漯河市源汇区黄河路88号", "register.suspension.too-long")]
    [InlineData(1, "", "register.suspension.service-address")]
    public async Task Art30_SuspensionFilingOutsideTheLaw_Refused400NamingTheField(int years, string address, string rule)
    {
        await RegisterAsync();
        var today = Workflows.Domain.Calendar.ChinaTime.Today(host.Services.GetRequiredService<TimeProvider>());
        var filing = new
        {
            kind = "suspended",
            decision = "歇业备案",
            suspendedUntil = today.AddYears(years).ToString("yyyy-MM-dd"),
            serviceAddress = address,
        };
        var (status, problem) = await PostAsync(Http, Officer, $"/api/register/{SuspendedUscc}/changes", JsonSerializer.Serialize(filing));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
        var (_, entry) = await RegisterScenario.GetAsync(Http, Officer, $"/api/register/{SuspendedUscc}");
        Assert.NotEqual("suspended", entry.GetProperty("status").GetString());
    }

    /// <summary>A revocation of the entity <paramref name="uscc"/> (entered in the register by the decision itself).</summary>
    [Fact]
    public async Task Art12_Disqualifications_ListedMaskedAndLiftedByOfficer_EnterpriseNotAdmitted()
    {
        var person = RegisterScenario.FreshIdNumber();
        var entry = new
        {
            disqualification = "art12-4-licence-revoked",
            personName = "钱立新",
            idNumber = person,
            startDate = "2024-05-10",
            source = "漯源市监罚字〔2024〕12号",
        };
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Http, Officer, "/api/disqualifications", JsonSerializer.Serialize(entry))).Status);

        var (status, list) = await RegisterScenario.GetAsync(Http, Officer, "/api/disqualifications?status=in-force&name=钱立新");
        Assert.Equal(HttpStatusCode.OK, status);
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(person, list.ToString(), StringComparison.Ordinal);
        Assert.Equal("2027-05-10", item.GetProperty("endDate").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await RegisterScenario.GetAsync(Http, Enterprise, "/api/disqualifications")).Status);

        var reference = item.GetProperty("reference").GetString();
        var lift = new { reason = "处罚决定已被行政复议撤销（漯市监复决〔2024〕3号）" };
        var (liftStatus, lifted) = await PostAsync(Http, Officer, $"/api/disqualifications/{reference}/lift", JsonSerializer.Serialize(lift));
        Assert.True(liftStatus == HttpStatusCode.OK, lifted.ToString());
        Assert.Equal("lifted", lifted.GetProperty("status").GetString());
        var (_, after) = await RegisterScenario.GetAsync(Http, Officer, "/api/disqualifications?status=in-force&name=钱立新");
        Assert.Empty(after.GetProperty("items").EnumerateArray());
        var (_, liftedList) = await RegisterScenario.GetAsync(Http, Officer, "/api/disqualifications?status=lifted&name=钱立新");
        Assert.Single(liftedList.GetProperty("items").EnumerateArray());
    }

    private async Task<string> RevokeAsync(string uscc, string name)
    {
        var application = With(Sample("revocation/application.json"), new { targetUscc = uscc, targetName = name });
        var id = await OpenAsync(Http, Affected, "/api/revocations", application, "duty-e2e-" + uscc);
        await WaitForCaseAsync(Http, id, c => Awaits(c, "decide-revoke"));
        var finding = new { type = "investigation-finding", finding = "签名系伪造", evidence = new[] { "笔迹鉴定意见书.pdf" } };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Officer, id, finding)).Status);
        await WaitForCaseAsync(Http, id, c => Awaits(c, "decide-revoke"));
        var persons = new[] { new { name = "周海涛", idNumber = RegisterScenario.FreshIdNumber() } };
        var decide = new { type = "decide-revoke", directlyResponsiblePersons = persons };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Head, id, decide)).Status);
        await WaitForCaseAsync(Http, id, c => State(c) == "revoked");
        return id;
    }

    /// <summary>Runs the opener the every-minute job runs (it may have opened the case already) and reads the case id.</summary>
    private async Task<string> OpenedObligationAsync(string key)
    {
        var outbox = host.Services.GetRequiredService<ObligationOutbox>();
        await host.Services.GetRequiredService<ObligationOpener>()
            .OpenPendingAsync(host.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);
        var caseId = await outbox.OpenedCaseAsync(key);
        Assert.NotNull(caseId);
        return caseId;
    }

    /// <summary>Runs the opener (which also sends queued ends) until the case is closed, and returns it.</summary>
    private async Task<JsonElement> EndedAsync(string caseId)
    {
        var opener = host.Services.GetRequiredService<ObligationOpener>();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            await opener.OpenPendingAsync(client, CancellationToken.None);
            var (_, current) = await RegisterScenario.GetAsync(Http, Officer, $"/api/cases/{caseId}");
            if (current.ValueKind == JsonValueKind.Object && Closed(current))
            {
                return current;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"{caseId} not ended: {current}");
            await Task.Delay(200);
        }
    }

    /// <summary>Enters one entity through the register import (a code no other test uses).</summary>
    private async Task<string> ImportOneEntityAsync(string name)
    {
        var first17 = $"914111047{Random.Shared.Next(10_000_000, 99_999_999)}";
        var uscc = first17 + Workflows.Domain.Identifiers.UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
        var csv = $"统一社会信用代码,名称,主体类型,登记状态,成立日期\r\n{uscc},{name},有限责任公司,存续,2020-05-18\r\n";
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/register/import?name=register.csv") { Content = content };
        request.Headers.Add("X-Api-Key", Officer);
        using var response = await Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return uscc;
    }

    private async Task RegisterAsync()
    {
        var (status, _) = await RegisterScenario.GetAsync(Http, Officer, $"/api/register/{SuspendedUscc}");
        if (status == HttpStatusCode.OK)
        {
            return;
        }

        var id = await OpenAsync(Http, Enterprise, "/api/registrations", Sample("registration/application-complete.json"), "duty-e2e-reg");
        await WaitForCaseAsync(Http, id, c => Awaits(c, "register"));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Officer, id, new { type = "register", uscc = SuspendedUscc })).Status);
        await WaitForCaseAsync(Http, id, Closed);
    }
}
