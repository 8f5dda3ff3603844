using System.Net;
using System.Text.Json;
using Workflows.Domain.Identifiers;
using Workflows.Domain.MarketEntities;
using static Workflows.Integration.Tests.MarketEntities.MarketApi;

namespace Workflows.Integration.Tests.MarketEntities;

/// <summary>The register of market entities across procedures, on the real engine (issue 14 item 6).</summary>
public static class RegisterScenario
{
    public const string Hengtong = "dev-enterprise-hengtong";
    public const string HengtongUscc = "91411100MA47B3H25Y";

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string apiKey, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", apiKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A valid resident ID number no earlier run can have banned (the shared Azurite keeps its tables).</summary>
    public static string FreshIdNumber()
    {
        var first17 = $"41110219800101{Random.Shared.Next(100, 999)}";
        return first17 + ResidentIdentityNumber.ComputeCheckCharacter(first17);
    }

    /// <summary>Revoked → the revoked entity's simplified deregistration is refused (Art. 33 para 4) → reversed (Art. 42) →
    /// eligible again; the open deregistration is withdrawn at the end so the scenario can run again on the same storage.</summary>
    public static async Task RevokedRefusedReversedEligibleAsync(HttpClient http, int seconds)
    {
        var id = await OpenAsync(http, Affected, "/api/revocations", Sample("revocation/application.json"), "register-e2e-" + Guid.NewGuid().ToString("N"));
        await WaitForCaseAsync(http, id, c => Awaits(c, "decide-revoke"), seconds: seconds);
        var finding = new { type = "investigation-finding", finding = "签名系伪造", evidence = new[] { "笔迹鉴定意见书.pdf" } };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(http, Officer, id, finding)).Status);
        await WaitForCaseAsync(http, id, c => Awaits(c, "decide-revoke"), seconds: seconds);
        var persons = new[] { new { name = "周海涛", idNumber = FreshIdNumber() } };
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(http, Head, id, new { type = "decide-revoke", directlyResponsiblePersons = persons })).Status);
        await WaitForCaseAsync(http, id, c => State(c) == "revoked" && Awaits(c, "reverse"), seconds: seconds);

        var (entryStatus, entry) = await GetAsync(http, Officer, $"/api/register/{HengtongUscc}");
        Assert.True(entryStatus == HttpStatusCode.OK, entry.ToString());
        Assert.Equal("revoked", entry.GetProperty("status").GetString());
        Assert.Equal(id, entry.GetProperty("lastChange").GetProperty("caseId").GetString());
        var body = Sample("deregistration/simplified-revoked-entity.json");
        var (refusedStatus, refused) = await PostAsync(http, Hengtong, "/api/deregistrations/simplified", body, "register-e2e-refused-" + id);
        Assert.Equal(HttpStatusCode.Conflict, refusedStatus);
        Assert.Equal(SimplifiedDeregistrationEligibility.RegistrationRevoked, refused.GetProperty("rule").GetString());
        Assert.Contains("Art. 33", refused.GetProperty("article").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(http, Head, id, new { type = "reverse", reason = "上级机关认定撤销决定错误" })).Status);
        // The reversal restores the register at once; the case stays open for its publication (Art. 42, tracked).
        await WaitForCaseAsync(http, id, c => State(c) == "reversed" && Awaits(c, "record-publication"), seconds: seconds);
        var (_, restored) = await GetAsync(http, Officer, $"/api/register/{HengtongUscc}");
        Assert.Equal("registered", restored.GetProperty("status").GetString());
        Assert.Equal("Decree 746 Art. 42", restored.GetProperty("lastChange").GetProperty("article").GetString());

        var again = await OpenAsync(http, Hengtong, "/api/deregistrations/simplified", body, "register-e2e-eligible-" + id);
        await WaitForCaseAsync(http, again, c => Awaits(c, "withdraw"), Hengtong, seconds);
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(http, Hengtong, again, new { type = "withdraw" })).Status);
        await WaitForCaseAsync(http, again, Closed, Hengtong, seconds);
    }

    /// <summary>An officer enters an Art. 12(4) disqualification; a new registration naming the person as a director is
    /// flagged with the ban, its source and its computed end.</summary>
    public static async Task BannedDirectorFlaggedAsync(HttpClient http, int seconds)
    {
        var person = FreshIdNumber();
        var entry = new
        {
            disqualification = "art12-4-licence-revoked",
            personName = "赵德胜",
            idNumber = person,
            startDate = "2024-03-15",
            source = "漯郾市监罚字〔2024〕9号",
        };
        var (status, entered) = await PostAsync(http, Officer, "/api/disqualifications", JsonSerializer.Serialize(entry));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("2027-03-15", entered.GetProperty("bans")[0].GetProperty("endDate").GetString());
        await DirectorFlaggedAsync(http, person, "Decree 746 Art. 12(4)", "2027-03-15", seconds);
    }

    /// <summary>The same disqualification imported from a GB18030 list (限制情形 written as the article, the date as Excel
    /// writes it): 201 with the end of its period, and a new registration naming the person is flagged.</summary>
    public static async Task ImportedDisqualificationFlaggedAsync(HttpClient http, int seconds)
    {
        var person = FreshIdNumber();
        var csv = "限制情形,姓名,公民身份号码,起算日期,判决、裁定或者决定文号\r\n"
            + $"第十二条第（四）项,赵德胜,{person},2024/3/15,漯郾市监罚字〔2024〕9号（吊销营业执照，法定代表人负有个人责任）\r\n";
        using var content = new ByteArrayContent(Domain.Validation.ChineseTextEncodings.StrictGb18030.GetBytes(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "gb18030" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/disqualifications/import?name=list.csv") { Content = content };
        request.Headers.Add("X-Api-Key", Officer);
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal(1, body.GetProperty("imported").GetInt32());
        Assert.Equal("2027-03-15", body.GetProperty("bans")[0].GetProperty("endDate").GetString());
        await DirectorFlaggedAsync(http, person, "Decree 746 Art. 12(4)", "2027-03-15", seconds);
    }

    private static async Task DirectorFlaggedAsync(HttpClient http, string person, string article, string endDate, int seconds)
    {
        var director = new { name = "赵德胜", idType = "residentIdentityCard", idNumber = person, kind = "director" };
        var application = JsonSerializer.Deserialize<JsonElement>(Sample("registration/application-complete.json"));
        var parties = application.GetProperty("parties").EnumerateArray().Select(p => (object)p).Append(director).ToArray();
        var reg = await OpenAsync(http, Officer, "/api/registrations", With(Sample("registration/application-complete.json"), new { parties }), "register-e2e-ban-" + person);
        var flagged = await WaitForCaseAsync(http, reg, c => Awaits(c, "register"), seconds: seconds);

        var hit = Assert.Single(flagged.GetProperty("data").GetProperty("banHits").EnumerateArray(), h => h.GetProperty("personIdNumber").GetString() == person);
        Assert.Equal(article, hit.GetProperty("article").GetString());
        Assert.Equal(endDate, hit.GetProperty("endDate").GetString());
        Assert.StartsWith("DQ-", hit.GetProperty("sourceCaseId").GetString(), StringComparison.Ordinal);
    }
}

public sealed class RegisterEndToEndTests(InMemoryMarketHost host) : IClassFixture<InMemoryMarketHost>
{
    private HttpClient Http => host.Http;

    [Fact]
    public Task Art33Para4AndArt42_RevokedEntity_SimplifiedDeregistrationRefusedUntilReversed() =>
        RegisterScenario.RevokedRefusedReversedEligibleAsync(Http, 30);

    [Fact]
    public Task Art12_OfficerEnteredDisqualification_DirectorFlaggedAtNewRegistration() => RegisterScenario.BannedDirectorFlaggedAsync(Http, 30);

    [Fact]
    public Task Art12_ImportedDisqualificationList_DirectorFlaggedAtNewRegistration() =>
        RegisterScenario.ImportedDisqualificationFlaggedAsync(Http, 30);

    [Fact]
    public async Task Registration_EntryCreated_OwnEntryForTheEnterprise_OthersNotFound_CodeOfAnotherEntity409()
    {
        var id = await OpenAsync(Http, Enterprise, "/api/registrations", Sample("registration/application-complete.json"), "register-e2e-reg");
        await WaitForCaseAsync(Http, id, c => Awaits(c, "register"));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Officer, id, new { type = "register", uscc = "91411100MA44X1Y23P" })).Status);
        await WaitForCaseAsync(Http, id, Closed);

        var (officerStatus, full) = await RegisterScenario.GetAsync(Http, Officer, "/api/register/91411100MA44X1Y23P");
        var (ownStatus, own) = await RegisterScenario.GetAsync(Http, Enterprise, "/api/register/91411100MA44X1Y23P");
        var (otherStatus, _) = await RegisterScenario.GetAsync(Http, SimplifiedApplicant, "/api/register/91411100MA44X1Y23P");
        var (drcStatus, _) = await RegisterScenario.GetAsync(Http, "dev-municipal-drc", "/api/register/91411100MA44X1Y23P");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (officerStatus, ownStatus, otherStatus, drcStatus));
        Assert.Equal("registered", full.GetProperty("status").GetString());
        Assert.Equal(id, full.GetProperty("history")[0].GetProperty("caseId").GetString());
        var officerSees = full.GetProperty("persons")[0].GetProperty("idNumber").GetString()!;
        var enterpriseSees = own.GetProperty("persons")[0].GetProperty("idNumber").GetString()!;
        Assert.DoesNotContain("*", officerSees, StringComparison.Ordinal);
        Assert.Contains("****", enterpriseSees, StringComparison.Ordinal);

        // Another entity (another name) cannot be licensed under the code (GB 32100-2015: one code per entity).
        var other = await OpenAsync(Http, Officer, "/api/registrations", With(Sample("registration/application-complete.json"), new { name = "漯河市源汇区另一家食品有限公司" }), "register-e2e-other");
        await WaitForCaseAsync(Http, other, c => Awaits(c, "register"));
        var (status, problem) = await EventAsync(Http, Officer, other, new { type = "register", uscc = "91411100MA44X1Y23P" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(RegisterRules.UsccTakenRule, problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Art31_DeregisteredEntity_SecondDeregistrationRefusedAtIntake()
    {
        var noticeStart = Domain.Calendar.ChinaTime.ToLegalDate(TimeProvider.System.GetUtcNow()).AddDays(-25);
        var body = With(Sample("deregistration/simplified.json"), new { noticeStart = noticeStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        var id = await OpenAsync(Http, SimplifiedApplicant, "/api/deregistrations/simplified", body, "register-e2e-dereg");
        await WaitForCaseAsync(Http, id, c => Awaits(c, "file-deregistration"));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, SimplifiedApplicant, id, new { type = "file-deregistration" })).Status);
        await WaitForCaseAsync(Http, id, c => Awaits(c, "deregister"));
        Assert.Equal(HttpStatusCode.Accepted, (await EventAsync(Http, Officer, id, new { type = "deregister" })).Status);
        await WaitForCaseAsync(Http, id, Closed);

        var (status, problem) = await PostAsync(Http, SimplifiedApplicant, "/api/deregistrations/simplified", body, "register-e2e-dereg-again");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(RegisterRules.AlreadyTerminatedRule, problem.GetProperty("rule").GetString());
        Assert.Equal("Decree 746 Art. 31 para 1", problem.GetProperty("article").GetString());
    }
}

/// <summary>The import of an agency's existing register over HTTP and the officer's record of a status decided outside
/// the system (own host: the import must meet a register no other test has written).</summary>
public sealed class RegisterImportOverHttpTests(InMemoryMarketHost host) : IClassFixture<InMemoryMarketHost>
{
    private HttpClient Http => host.Http;

    [Fact]
    public async Task Import_SampleRegisterThenOfficerRecordsLicenceRevocation_HistoryKeepsWhoWhenAndArticle()
    {
        using var bad = new ByteArrayContent(File.ReadAllBytes(SamplePath("register-bad-rows.csv")));
        var badAnswer = await SendFileAsync("/api/register/import?name=register-bad-rows.csv", bad);
        Assert.Equal(HttpStatusCode.BadRequest, badAnswer.Status);
        Assert.True(badAnswer.Body.GetProperty("errors").GetArrayLength() >= 5);
        Assert.Equal(HttpStatusCode.NotFound, (await RegisterScenario.GetAsync(Http, Officer, "/api/register/91411100MA43GH7J8H")).Status);

        using var good = new ByteArrayContent(File.ReadAllBytes(SamplePath("register-luohe-gb18030.csv")));
        var imported = await SendFileAsync("/api/register/import?name=register-luohe.csv&encoding=gb18030", good);
        Assert.Equal(HttpStatusCode.Created, imported.Status);
        Assert.Equal(6, imported.Body.GetProperty("imported").GetInt32());
        var (_, list) = await RegisterScenario.GetAsync(Http, Officer, "/api/register");
        Assert.True(list.GetProperty("count").GetInt32() >= 6);

        var change = new { kind = "licence-revoked", decidedOn = "2025-03-04", decision = "漯市监罚字〔2025〕7号 吊销营业执照" };
        var (changed, entry) = await PostAsync(Http, Officer, "/api/register/91411100MA43GH7J8H/changes", JsonSerializer.Serialize(change));
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal("licenceRevoked", entry.GetProperty("status").GetString());
        var (_, read) = await RegisterScenario.GetAsync(Http, Officer, "/api/register/91411100MA43GH7J8H");
        var last = read.GetProperty("history")[1];
        Assert.Equal(("officer-1", "2025-03-04", "Decree 746 Art. 33 para 4"), (last.GetProperty("actorId").GetString(), last.GetProperty("decidedOn").GetString(), last.GetProperty("article").GetString()));

        var (againStatus, again) = await PostAsync(Http, Officer, "/api/register/91411102MA45LM2N3P/changes", JsonSerializer.Serialize(change));
        Assert.Equal(HttpStatusCode.Conflict, againStatus);
        Assert.Equal(RegisterRules.AlreadyTerminatedRule, again.GetProperty("rule").GetString());
        var (enterpriseStatus, _) = await PostAsync(Http, Enterprise, "/api/register/91411100MA43GH7J8H/changes", JsonSerializer.Serialize(change));
        Assert.Equal(HttpStatusCode.Forbidden, enterpriseStatus);
    }

    private static string SamplePath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples", "register")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "samples", "register", name);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendFileAsync(string path, HttpContent content)
    {
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Api-Key", Officer);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}

/// <summary>The same cross-procedure consequences over Azurite (Azure Storage backend, Table storage register).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzuriteRegisterTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AzuriteMarketHost host = new(azurite.ConnectionString);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Register_OverAzurite_RevokedRefusedReversedEligible_BannedAndImportedDirectorsFlagged()
    {
        // The Azure Storage backend first acquires its partition leases on a new task hub (can take a minute or more).
        await RegisterScenario.RevokedRefusedReversedEligibleAsync(host.Http, 300);
        await RegisterScenario.BannedDirectorFlaggedAsync(host.Http, 120);
        await RegisterScenario.ImportedDisqualificationFlaggedAsync(host.Http, 120);
    }
}
