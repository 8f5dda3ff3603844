using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Identity;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// Access control over HTTP, generated from the code's own declarations so that a new procedure, event or endpoint is
/// covered without editing this file: every state-changing route refuses anonymous callers; every event of every
/// registered procedure is accepted only from its allowed roles; agencies see only their jurisdiction and enterprises
/// only their own cases.
/// </summary>
public sealed class AccessControlMatrixTests : IAsyncLifetime
{
    private const string Agency = "411100";
    private const string OtherCityAgency = "411200";
    private const string OwnUscc = "91411100MA44X1Y23P";
    private const string OtherUscc = "91411102MA45B8C906";
    private LocalHostApp? local;
    private HttpClient http = null!;

    private static string Key(Role role, string agency = Agency) => $"matrix-{role}-{agency}";

    public async Task InitializeAsync()
    {
        local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true,
                Port = TestPorts.Free(),
                RunBackgroundServices = false,
                ConfigureServices = services => services.PostConfigure<IdentityOptions>(o =>
                {
                    foreach (var role in Enum.GetValues<Role>())
                    {
                        o.ApiKeys.Add(new ApiKeyOptions { Key = Key(role), Id = $"id-{role}", Name = role.ToString(), Role = role, Agency = Agency, Uscc = OwnUscc });
                        o.ApiKeys.Add(new ApiKeyOptions { Key = Key(role, OtherCityAgency), Id = $"id-{role}-other", Name = role + " (other)", Role = role, Agency = OtherCityAgency, Uscc = OtherUscc });
                    }
                }),
            }, [], _ => { });
        await local.App.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(local.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        if (local is not null)
        {
            await local.App.StopAsync();
            await local.DisposeAsync();
        }
    }

    private async Task<CaseRecord> SeedCaseAsync(string procedure, IReadOnlyList<string> awaited, string agency = Agency, string uscc = OwnUscc)
    {
        var store = local!.App.Services.GetRequiredService<CaseStore>();
        var id = CaseIds.New("TST", agency, new DateOnly(2024, 2, 8), Guid.NewGuid().ToByteArray());
        var record = new CaseRecord
        {
            Id = id,
            Procedure = procedure,
            Agency = agency,
            Title = "access matrix " + procedure,
            State = "open",
            CreatedUtc = new DateTimeOffset(2024, 2, 8, 1, 0, 0, TimeSpan.Zero),
            OrchestrationId = "matrix-no-orchestration-" + id,
            Usccs = [uscc],
            AwaitedEvents = awaited,
        };
        Assert.True(await store.TryCreateAsync(record));
        return record;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string body = "{}")
    {
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add(PrincipalResolver.ApiKeyHeader, key);
        }

        return await http.SendAsync(request);
    }

    [Fact]
    public async Task EveryStateChangingRoute_Anonymous_Returns401()
    {
        var routes = FunctionsMetadata.LoadFromTestOutput().HttpRoutes.Where(r => r.Method != "GET").ToList();
        Assert.NotEmpty(routes);
        var failures = new List<string>();
        foreach (var route in routes)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(route.Path.TrimStart('/'), @"\{\*?([^}:]+)(:[^}]*)?\}", "x1");
            using var response = await SendAsync(new HttpMethod(route.Method), path, key: null);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, "State-changing routes that did not refuse an anonymous caller:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryEvent_RoleOutsideAllowedRoles_Returns403AndLeavesCaseUnchanged()
    {
        var catalog = local!.App.Services.GetRequiredService<CaseProcedureCatalog>();
        var store = local.App.Services.GetRequiredService<CaseStore>();
        var checkedPairs = 0;
        foreach (var procedure in catalog.All)
        {
            foreach (var rule in procedure.Events)
            {
                var record = await SeedCaseAsync(procedure.Name, [rule.Type]);
                foreach (var role in Enum.GetValues<Role>().Where(r => !rule.AllowedRoles.Contains(r)))
                {
                    var body = JsonSerializer.Serialize(rule.RequiredFields.Aggregate(new Dictionary<string, object> { ["type"] = rule.Type }, (d, f) => { d[f] = "x"; return d; }));
                    using var response = await SendAsync(HttpMethod.Post, $"/api/cases/{record.Id}/events", Key(role), body);
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True(
                        response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                        $"{procedure.Name}/{rule.Type} as {role}: expected 403 (or 404 outside the case's visibility), got {(int)response.StatusCode} {text}");
                    checkedPairs++;
                }

                var after = await store.GetAsync(record.Id);
                Assert.Equal(record.Stage, after!.Stage);
                Assert.Equal([rule.Type], after.AwaitedEvents);
            }
        }

        Assert.True(checkedPairs > 0 || catalog.All.Count == 0);
    }

    [Fact]
    public async Task GetCase_OtherAgencyOrOtherEnterprise_Returns404AndListHidesIt()
    {
        var record = await SeedCaseAsync("matrix", []);

        using (var own = await SendAsync(HttpMethod.Get, $"/api/cases/{record.Id}", Key(Role.RegistrationOfficer)))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var enterprise = await SendAsync(HttpMethod.Get, $"/api/cases/{record.Id}", Key(Role.Enterprise)))
        {
            Assert.Equal(HttpStatusCode.OK, enterprise.StatusCode);
        }

        using (var otherCity = await SendAsync(HttpMethod.Get, $"/api/cases/{record.Id}", Key(Role.RegistrationOfficer, OtherCityAgency)))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherCity.StatusCode);
        }

        using (var otherEnterprise = await SendAsync(HttpMethod.Get, $"/api/cases/{record.Id}", Key(Role.Enterprise, OtherCityAgency)))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherEnterprise.StatusCode);
        }

        using var list = await SendAsync(HttpMethod.Get, "/api/cases?pageSize=200", Key(Role.RegistrationOfficer, OtherCityAgency));
        Assert.DoesNotContain(record.Id, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var outside = await SendAsync(HttpMethod.Get, $"/api/cases?agency={Agency}", Key(Role.RegistrationOfficer, OtherCityAgency));
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
    }

    [Fact]
    public async Task ProvincialAgency_SeesCityCases()
    {
        var record = await SeedCaseAsync("matrix", []);
        var store = local!.App.Services.GetRequiredService<CaseStore>();
        var page = await store.ListAsync("410000", c => c.Id == record.Id, 1, 10);
        Assert.Single(page.Items);
    }
}
