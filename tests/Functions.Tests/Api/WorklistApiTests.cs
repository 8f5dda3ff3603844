using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Functions.Api;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;
using Workflows.Functions.Identity;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Tests.Supervision;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Api;

/// <summary>The 待办 list and the case forms: what waits for whom, most urgent first, and only the events the caller
/// may send (Decree 746 Art. 19: the officer decides, the head extends, the applicant corrects).</summary>
public sealed class WorklistApiTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 8, 2, 0, 0, TimeSpan.Zero);

    private static readonly RequestAuthorization Authorization = new(
        new PrincipalResolver(
            Options.Create(
                new IdentityOptions
                {
                    ApiKeys =
                    [
                        new ApiKeyOptions
                        {
                            Key = "officer",
                            Id = "officer-1",
                            Name = "王敏",
                            Role = Role.RegistrationOfficer,
                            Agency = "411100",
                        },
                        new ApiKeyOptions
                        {
                            Key = "head",
                            Id = "head-1",
                            Name = "李强",
                            Role = Role.AuthorityHead,
                            Agency = "411100",
                        },
                        new ApiKeyOptions
                        {
                            Key = "supervisor",
                            Id = "sup-1",
                            Name = "督查",
                            Role = Role.Supervisor,
                            Agency = "411100",
                        },
                        new ApiKeyOptions
                        {
                            Key = "enterprise",
                            Id = "ent-1",
                            Name = "企业",
                            Role = Role.Enterprise,
                            Agency = "411100",
                            Uscc = "91411100MA44X1Y23P",
                        },
                    ],
                }
            )
        ),
        Options.Create(new Workflows.Functions.Hosting.LimitsOptions())
    );

    private static readonly string[] Decisions = ["register", "refuse", "extend", "request-correction"];

    private static async Task<(WorklistApi Api, SupervisionTestKit Kit)> CreateAsync()
    {
        var kit = new SupervisionTestKit(Now);
        // Created green first, red last: the list must not follow creation order.
        await Seed(kit, "REG-411100-20240301-GREEN001", new DateOnly(2024, 3, 20), new DateOnly(2024, 3, 19), Decisions, ageDays: 9);
        await Seed(kit, "REG-411100-20240301-YELLOW01", new DateOnly(2024, 3, 11), new DateOnly(2024, 3, 7), Decisions, ageDays: 8);
        await Seed(kit, "REG-411100-20240301-RED00001", new DateOnly(2024, 3, 6), new DateOnly(2024, 3, 5), Decisions, ageDays: 7);
        await Seed(kit, "REG-411100-20240301-RED00002", new DateOnly(2024, 3, 7), new DateOnly(2024, 3, 6), Decisions, ageDays: 1);
        await Seed(kit, "REG-411100-20240301-CORRECT1", null, null, ["resubmit"], ageDays: 2, uscc: "91411100MA44X1Y23P");
        var catalog = new CaseProcedureCatalog([new RegistrationProcedure()]);
        return (new WorklistApi(Authorization, kit.Cases, catalog, kit.Clock), kit);
    }

    private static async Task Seed(
        SupervisionTestKit kit,
        string id,
        DateOnly? due,
        DateOnly? warning,
        string[] awaited,
        int ageDays,
        string? uscc = null
    )
    {
        await kit.Cases.TryCreateAsync(
            new CaseRecord
            {
                Id = id,
                Procedure = "registration",
                Agency = "411100",
                Title = "漯河市示例商贸有限公司设立登记 " + id[^8..],
                State = due is null ? "awaiting-correction" : "under-review",
                CreatedUtc = Now.AddDays(-ageDays),
                Deadline = due is null ? null : SupervisionTestKit.Deadline(due.Value, warning),
                AwaitedEvents = awaited,
                Usccs = uscc is null ? [] : [uscc],
            }
        );
    }

    private static HttpRequest Request(string key, string query = "")
    {
        var request = ResultExecution.Request(new Dictionary<string, string> { [PrincipalResolver.ApiKeyHeader] = key });
        request.QueryString = new QueryString(query);
        return request;
    }

    private static async Task<ExecutedResult> ListAsync(string key, string query = "")
    {
        var (api, _) = await CreateAsync();
        return await ResultExecution.ExecuteAsync(await api.ListAsync(Request(key, query), CancellationToken.None));
    }

    private static string[] Ids(ExecutedResult result) =>
        [.. result.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    [Fact]
    public async Task ListAsync_Officer_RedThenYellowThenGreenEarliestDueFirstWithCounts()
    {
        var result = await ListAsync("officer");

        Assert.Equal(200, result.Status);
        Assert.Equal(
            [
                "REG-411100-20240301-RED00001",
                "REG-411100-20240301-RED00002",
                "REG-411100-20240301-YELLOW01",
                "REG-411100-20240301-GREEN001",
            ],
            Ids(result)
        );
        var lights = result.Body.GetProperty("lights");
        Assert.Equal(
            (2, 1, 1),
            (lights.GetProperty("red").GetInt32(), lights.GetProperty("yellow").GetInt32(), lights.GetProperty("green").GetInt32())
        );
    }

    [Fact]
    public async Task ListAsync_Enterprise_SeesOnlyWhatIsRequiredOfIt()
    {
        var result = await ListAsync("enterprise");

        Assert.Equal(["REG-411100-20240301-CORRECT1"], Ids(result));
    }

    [Fact]
    public async Task ListAsync_SupervisorReadsButNeverActs_EmptyWorklistButFullCaseList()
    {
        Assert.Empty(Ids(await ListAsync("supervisor")));
        Assert.Equal(5, Ids(await ListAsync("supervisor", "?mine=false")).Length);
    }

    [Theory]
    [InlineData("?q=red00002", "REG-411100-20240301-RED00002")]
    [InlineData("?q=MA44X1Y23P&mine=false", "REG-411100-20240301-CORRECT1")]
    [InlineData("?light=yellow", "REG-411100-20240301-YELLOW01")]
    public async Task ListAsync_SearchOrLight_FindsTheOneCase(string query, string expected)
    {
        Assert.Equal([expected], Ids(await ListAsync("officer", query)));
    }

    [Theory]
    [InlineData("?pageSize=2&page=2", 2, "REG-411100-20240301-YELLOW01")]
    [InlineData("?pageSize=3&page=2", 1, "REG-411100-20240301-GREEN001")]
    public async Task ListAsync_Paging_ContinuesTheUrgencyOrder(string query, int count, string first)
    {
        var result = await ListAsync("officer", query);

        Assert.Equal(count, Ids(result).Length);
        Assert.Equal(first, Ids(result)[0]);
        Assert.Equal(4, result.Body.GetProperty("total").GetInt32());
    }

    /// <summary>Issue 22: the 待办 reads the open cases' index rows and the page's cases, never the agency's years of
    /// closed cases, nor a scan of the Cases table.</summary>
    [Fact]
    public async Task ListAsync_ThreeHundredClosedCases_ReadsOnlyTheOpenIndexRows()
    {
        var (counting, api) = await WithClosedCasesAsync(300);

        var result = await ResultExecution.ExecuteAsync(await api.ListAsync(Request("officer"), CancellationToken.None));

        Assert.Equal(4, Ids(result).Length);
        Assert.Equal(0L, counting.ScansOf(Workflows.Functions.Storage.StorageNames.CasesTable));
        Assert.True(counting.RowsReadOf(CaseListIndex.Table) <= 10, $"read {counting.RowsReadOf(CaseListIndex.Table)} index rows");
        Assert.True(counting.CallsOf(Workflows.Functions.Storage.StorageNames.CasesTable) <= 4, "only the page's cases are read by key");
    }

    [Fact]
    public async Task ListAsync_CaseListOverClosedCases_ReadsClosedOnlyAsFarAsThePage()
    {
        var (counting, api) = await WithClosedCasesAsync(300);

        var first = await ResultExecution.ExecuteAsync(
            await api.ListAsync(Request("supervisor", "?mine=false&pageSize=20"), CancellationToken.None)
        );

        Assert.Equal(20, Ids(first).Length);
        Assert.False(first.Body.GetProperty("totalExact").GetBoolean());
        Assert.True(first.Body.GetProperty("total").GetInt32() > 20, "a further page is announced");
        Assert.True(counting.RowsReadOf(CaseListIndex.Table) <= 40, $"read {counting.RowsReadOf(CaseListIndex.Table)} index rows");
        Assert.Equal(0L, counting.ScansOf(Workflows.Functions.Storage.StorageNames.CasesTable));
    }

    [Fact]
    public async Task ListAsync_LastPageOfTheCaseList_ExactTotalAndOldestClosedLast()
    {
        var (_, api) = await WithClosedCasesAsync(300);

        var last = await ResultExecution.ExecuteAsync(
            await api.ListAsync(Request("supervisor", "?mine=false&pageSize=100&page=4"), CancellationToken.None)
        );

        Assert.Equal((305, true), (last.Body.GetProperty("total").GetInt32(), last.Body.GetProperty("totalExact").GetBoolean()));
        Assert.Equal(5, Ids(last).Length);
        Assert.Equal("REG-411100-20240101-CL000000", Ids(last)[^1]);
    }

    private static async Task<(CountingTableStore Counting, WorklistApi Api)> WithClosedCasesAsync(int closed)
    {
        var (_, kit) = await CreateAsync();
        for (var i = 0; i < closed; i++)
        {
            await kit.Cases.TryCreateAsync(
                new CaseRecord
                {
                    Id = $"REG-411100-20240101-CL{i:D6}",
                    Procedure = "registration",
                    Agency = "411100",
                    Title = "漯河市示例商贸有限公司设立登记（已办结）",
                    State = "registered",
                    CreatedUtc = Now.AddDays(-60).AddMinutes(i),
                    Closed = true,
                }
            );
        }

        await kit.Cases.EnsureIndexedAsync(); // the one-time migration of cases written before the index
        var counting = new CountingTableStore(kit.Tables);
        return (
            counting,
            new WorklistApi(Authorization, new CaseStore(counting), new CaseProcedureCatalog([new RegistrationProcedure()]), kit.Clock)
        );
    }

    [Theory]
    [InlineData("?light=purple", "light", "light.value")]
    [InlineData("?mine=yes", "mine", "mine.value")]
    [InlineData("?procedure=nothing", "procedure", "procedure.unknown")]
    [InlineData("?page=9", "page", "page.range")]
    [InlineData("?pageSize=101", "pageSize", "page-size.range")]
    [InlineData("?agency=41", "agency", "agency.division-code")]
    public async Task ListAsync_BadParameter_400NamingFieldAndRule(string query, string field, string rule)
    {
        var result = await ListAsync("officer", query);

        Assert.Equal((400, field, rule), (result.Status, result.Text("field"), result.Text("rule")));
    }

    [Theory]
    [InlineData("officer", "register,refuse,request-correction")]
    [InlineData("head", "extend")]
    [InlineData("supervisor", "")]
    [InlineData("enterprise", "")]
    public async Task ActionsAsync_UnderReview_OnlyTheEventsTheRoleMaySend(string key, string expected)
    {
        var (api, _) = await CreateAsync();

        var result = await ResultExecution.ExecuteAsync(
            await api.ActionsAsync(Request(key), "REG-411100-20240301-YELLOW01", CancellationToken.None)
        );

        // The enterprise is no party of this case: it does not exist for it.
        Assert.Equal(key == "enterprise" ? 404 : 200, result.Status);
        var types =
            result.Status == 200 ? result.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()) : [];
        Assert.Equal(expected, string.Join(",", types));
    }

    [Fact]
    public async Task ActionsAsync_RequestCorrection_MaterialsFromTheCatalogueAndConfirmed()
    {
        var (api, _) = await CreateAsync();

        var result = await ResultExecution.ExecuteAsync(
            await api.ActionsAsync(Request("officer"), "REG-411100-20240301-RED00001", CancellationToken.None)
        );

        var form = result.Body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "request-correction");
        Assert.True(form.GetProperty("confirm").GetBoolean());
        var field = form.GetProperty("fields").EnumerateArray().First();
        Assert.Equal(
            ("missingMaterials", "multi", true),
            (field.GetProperty("name").GetString(), field.GetProperty("kind").GetString(), field.GetProperty("required").GetBoolean())
        );
        Assert.Contains(
            field.GetProperty("options").EnumerateArray(),
            o =>
                o.GetProperty("value").GetString() == "identity-documents"
                && o.GetProperty("labelZh").GetString() == "申请人资格文件、自然人身份证明"
        );
    }

    [Fact]
    public async Task CheckEventAsync_CorrectionNamingUnknownMaterial_400OnThatField()
    {
        var (_, kit) = await CreateAsync();
        var record = (await kit.Cases.GetAsync("REG-411100-20240301-RED00001"))!;
        using var payload = JsonDocument.Parse(
            """{"type":"request-correction","missingMaterials":["identity-documents","no-such-material"]}"""
        );
        ICaseProcedure procedure = new RegistrationProcedure();

        var refusal = await procedure.CheckEventAsync(
            record,
            "request-correction",
            payload.RootElement,
            new Principal("officer-1", "王敏", Role.RegistrationOfficer, "411100"),
            CancellationToken.None
        );

        var result = await ResultExecution.ExecuteAsync(refusal!);
        Assert.Equal((400, "missingMaterials[1]", "event.material-code"), (result.Status, result.Text("field"), result.Text("rule")));
    }
}
