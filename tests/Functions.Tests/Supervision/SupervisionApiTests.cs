using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Functions.Http;
using Workflows.Functions.Identity;
using Workflows.Functions.Supervision;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Supervision;

public sealed class SupervisionApiTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 12, 1, 0, 0, TimeSpan.Zero);

    private static readonly RequestAuthorization Authorization = new(
        new PrincipalResolver(
            Options.Create(
                new IdentityOptions
                {
                    ApiKeys =
                    [
                        new ApiKeyOptions
                        {
                            Key = "admin",
                            Id = "admin-1",
                            Name = "管理员",
                            Role = Role.Administrator,
                            Agency = "411100",
                        },
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
                            Key = "county",
                            Id = "county-1",
                            Name = "源汇区节能办",
                            Role = Role.CountyOffice,
                            Agency = "411102",
                        },
                        new ApiKeyOptions
                        {
                            Key = "district-officer",
                            Id = "district-1",
                            Name = "源汇区登记员",
                            Role = Role.RegistrationOfficer,
                            Agency = "411102",
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

    private static async Task<(SupervisionApi Api, SupervisionTestKit Kit)> CreateAsync()
    {
        var kit = new SupervisionTestKit(Now);
        await kit.SeedAsync(
            "REG-411100-20240301-AAAAAAAA",
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 8), new DateOnly(2024, 3, 7))
        );
        await kit.SeedAsync(
            "REG-411102-20240301-BBBBBBBB",
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 12), new DateOnly(2024, 3, 11), Role.CountyOffice)
        );
        await kit.SeedAsync("REG-411100-20240301-CCCCCCCC", null, closed: true, onTime: false);
        return (new SupervisionApi(Authorization, kit.Sweep, kit.Cases, kit.Outbox, kit.Blobs, kit.Clock), kit);
    }

    private static HttpRequest Request(string key, string query)
    {
        var request = ResultExecution.Request(new Dictionary<string, string> { [PrincipalResolver.ApiKeyHeader] = key });
        request.QueryString = new QueryString(query);
        return request;
    }

    [Theory]
    [InlineData("officer", "?date=2024-03-12", 403)]
    [InlineData("admin", "", 400)]
    [InlineData("admin", "?date=12.03.2024", 400)]
    [InlineData("admin", "?date=2024-03-12", 200)]
    public async Task SweepAsync_RoleAndDate_OnlyAdministratorWithValidDateRuns(string key, string query, int status)
    {
        var (api, _) = await CreateAsync();

        var response = await ResultExecution.ExecuteAsync(await api.SweepAsync(Request(key, query), CancellationToken.None));

        Assert.Equal(status, response.Status);
    }

    [Fact]
    public async Task SweepThenNotificationsAndDigests_CountyLevelOfficer_SeesOnlyItsJurisdiction()
    {
        var (api, _) = await CreateAsync();
        var sweep = await ResultExecution.ExecuteAsync(await api.SweepAsync(Request("admin", "?date=2024-03-12"), CancellationToken.None));

        var county = await ResultExecution.ExecuteAsync(
            await api.NotificationsAsync(Request("district-officer", "?date=2024-03-12&status=pending"), CancellationToken.None)
        );
        var city = await ResultExecution.ExecuteAsync(
            await api.NotificationsAsync(Request("officer", "?date=2024-03-12"), CancellationToken.None)
        );
        var digests = await ResultExecution.ExecuteAsync(
            await api.DigestsAsync(Request("district-officer", "?date=2024-03-12"), CancellationToken.None)
        );

        Assert.Equal(3, sweep.Body.GetProperty("notificationsQueued").GetInt32());
        Assert.Equal(1, county.Body.GetProperty("total").GetInt32());
        Assert.Equal("REG-411102-20240301-BBBBBBBB", county.Body.GetProperty("items")[0].GetProperty("caseId").GetString());
        Assert.Equal(3, city.Body.GetProperty("total").GetInt32());
        var item = Assert.Single(digests.Body.GetProperty("items").EnumerateArray());
        Assert.Equal("411102", item.GetProperty("agency").GetString());
        Assert.Equal(["csv", "html"], item.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("format").GetString()));
    }

    /// <summary>Blocks: the county energy office reading the registration cases' notices and digest of its county.</summary>
    [Fact]
    public async Task SweepThenNotificationsAndDigests_CountyEnergyOffice_SeesNoRegistrationCase()
    {
        var (api, _) = await CreateAsync();
        await api.SweepAsync(Request("admin", "?date=2024-03-12"), CancellationToken.None);

        var notices = await ResultExecution.ExecuteAsync(
            await api.NotificationsAsync(Request("county", "?date=2024-03-12"), CancellationToken.None)
        );
        var digests = await ResultExecution.ExecuteAsync(
            await api.DigestsAsync(Request("county", "?date=2024-03-12"), CancellationToken.None)
        );
        var file = await ResultExecution.ExecuteAsync(
            await api.DigestsAsync(
                Request("county", "?agency=411102&department=market-regulation&date=2024-03-12&format=csv"),
                CancellationToken.None
            )
        );

        Assert.Equal(0, notices.Body.GetProperty("total").GetInt32());
        Assert.Empty(digests.Body.GetProperty("items").EnumerateArray());
        Assert.Equal(404, file.Status);
    }

    [Fact]
    public async Task NotificationsAsync_PageSize_PagesTheListAndWritesRolesInOneCasing()
    {
        var (api, _) = await CreateAsync();
        await api.SweepAsync(Request("admin", "?date=2024-03-12"), CancellationToken.None);

        var first = await ResultExecution.ExecuteAsync(
            await api.NotificationsAsync(Request("officer", "?date=2024-03-12&pageSize=2"), CancellationToken.None)
        );
        var second = await ResultExecution.ExecuteAsync(
            await api.NotificationsAsync(Request("officer", "?date=2024-03-12&pageSize=2&page=2"), CancellationToken.None)
        );
        var beyond = await ResultExecution.ExecuteAsync(
            await api.NotificationsAsync(Request("officer", "?date=2024-03-12&pageSize=2&page=3"), CancellationToken.None)
        );

        Assert.Equal(3, first.Body.GetProperty("total").GetInt32());
        Assert.Equal(2, first.Body.GetProperty("items").GetArrayLength());
        Assert.Equal(1, second.Body.GetProperty("items").GetArrayLength());
        Assert.Equal(400, beyond.Status);
        Assert.All(
            first.Body.GetProperty("items").EnumerateArray(),
            item => Assert.Matches("^[a-z][A-Za-z]*$", item.GetProperty("recipientRole").GetString()!)
        );
    }

    [Fact]
    public async Task DigestsAsync_FormatCsv_ReturnsTheFile()
    {
        var (api, _) = await CreateAsync();
        await api.SweepAsync(Request("admin", "?date=2024-03-12"), CancellationToken.None);

        var file = await api.DigestsAsync(Request("officer", "?agency=411100&date=2024-03-12&format=csv"), CancellationToken.None);
        var missing = await ResultExecution.ExecuteAsync(
            await api.DigestsAsync(Request("officer", "?agency=411100&date=2024-03-13&format=csv"), CancellationToken.None)
        );

        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await file.ExecuteAsync(context);
        Assert.StartsWith("text/csv", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("REG-411100-20240301-AAAAAAAA", System.Text.Encoding.UTF8.GetString(body.ToArray()), StringComparison.Ordinal);
        Assert.Equal(404, missing.Status);
    }

    [Theory]
    [InlineData("county", "?agency=411100", 403)]
    [InlineData("enterprise", "", 403)]
    [InlineData("officer", "?agency=4111", 400)]
    [InlineData("officer", "?agency=411102", 200)]
    public async Task StatsAsync_Jurisdiction_IsChecked(string key, string query, int status)
    {
        var (api, _) = await CreateAsync();

        var response = await ResultExecution.ExecuteAsync(await api.StatsAsync(Request(key, query), CancellationToken.None));

        Assert.Equal(status, response.Status);
    }

    [Fact]
    public async Task StatsAsync_CityOfficer_CountsOverdueAndLateClosures()
    {
        var (api, _) = await CreateAsync();

        var response = await ResultExecution.ExecuteAsync(await api.StatsAsync(Request("officer", ""), CancellationToken.None));

        var totals = response.Body.GetProperty("totals");
        Assert.Equal(1, totals.GetProperty("overdue").GetInt32());
        Assert.Equal(0.0, totals.GetProperty("onTimeRate").GetDouble());
        var byAgency = response.Body.GetProperty("byAgency").EnumerateArray().ToList();
        Assert.Equal(
            ["411100", "411102"],
            byAgency
                .Where(a => a.GetProperty("total").GetInt32() > 0)
                .Select(a => a.GetProperty("key").GetString())
                .Order(StringComparer.Ordinal)
        );
        // The other districts and counties of Luohe have no case: ranked after both, not left out (issue 16).
        Assert.Equal(["411103", "411104", "411121", "411122"], byAgency.Skip(2).Select(a => a.GetProperty("key").GetString()));
    }

    /// <summary>Issue 22: the statistics count from the list index's rows; no case record is read, no Cases table scanned.</summary>
    [Fact]
    public async Task StatsAsync_ManyClosedCases_CountsFromTheIndexWithoutReadingCases()
    {
        var kit = new SupervisionTestKit(Now);
        for (var i = 0; i < 40; i++)
        {
            await kit.SeedAsync($"REG-411100-20240301-CL{i:D6}", null, closed: true, onTime: i % 4 != 0);
        }

        await kit.Cases.EnsureIndexedAsync(); // the one-time migration of cases written before the index
        var counting = new CountingTableStore(kit.Tables);
        var api = new SupervisionApi(
            Authorization,
            kit.Sweep,
            new Workflows.Functions.Cases.CaseStore(counting),
            kit.Outbox,
            kit.Blobs,
            kit.Clock
        );

        var response = await ResultExecution.ExecuteAsync(await api.StatsAsync(Request("officer", ""), CancellationToken.None));

        var totals = response.Body.GetProperty("totals");
        Assert.Equal(
            (40, 30, 0.75),
            (
                totals.GetProperty("closed").GetInt32(),
                totals.GetProperty("closedOnTime").GetInt32(),
                totals.GetProperty("onTimeRate").GetDouble()
            )
        );
        Assert.Equal(
            (0L, 0L),
            (
                counting.CallsOf(Workflows.Functions.Storage.StorageNames.CasesTable),
                counting.ScansOf(Workflows.Functions.Cases.CaseListIndex.Table)
            )
        );
    }
}
