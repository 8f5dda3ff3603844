using System.Net;
using System.Text.Json;
using Workflows.Domain.Access;

namespace Workflows.LocalHost.Tests;

/// <summary>Issue 15 item 5 and issue 22 item 1 over HTTP: <c>GET /api/cases</c> pages with continuation tokens and
/// refuses an unknown parameter or a malformed value with a 400 problem naming it.</summary>
public sealed class CaseListApiTests : IAsyncLifetime
{
    private PolicyHost host = null!;

    public async Task InitializeAsync() => host = await PolicyHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static string Officer => PolicyHost.Key(Role.RegistrationOfficer);

    [Fact]
    public async Task ListCases_FollowingNextLinks_EveryCaseOnceAndTotalOnlyWhenComplete()
    {
        var seeded = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var template = PolicyHost.Case("registration", PolicyHost.County)
                with { CreatedUtc = new DateTimeOffset(2024, 2, 8, 1, i, 0, TimeSpan.Zero) };
            seeded.Add((await host.SeedAsync(template)).Id);
        }

        var listed = new List<string>();
        var totals = new List<int?>();
        var path = "/api/cases?procedure=registration&agency=" + PolicyHost.County + "&pageSize=3";
        while (path is not null)
        {
            var (status, body) = await host.GetAsync(path, Officer);
            Assert.Equal(HttpStatusCode.OK, status);
            var page = JsonDocument.Parse(body).RootElement;
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            totals.Add(page.TryGetProperty("total", out var total) ? total.GetInt32() : null);
            path = page.TryGetProperty("next", out var next) ? next.GetString() : null;
        }

        Assert.Equal(Enumerable.Reverse(seeded), listed);
        Assert.Equal([null, null, null], totals);
        var (_, whole) = await host.GetAsync("/api/cases?procedure=registration&agency=" + PolicyHost.County + "&pageSize=10", Officer);
        Assert.Equal(7, JsonDocument.Parse(whole).RootElement.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("sort=newest", "sort", "sort.value")]
    [InlineData("colour=red", "colour", "query.unknown")]
    [InlineData("continuationToken=not-a-token", "continuationToken", "continuation-token.malformed")]
    [InlineData("uscc=91411100MA44X1Y23Q", "uscc", "uscc.format")]
    [InlineData("dueFrom=2026-13-01", "dueFrom", "due.date")]
    [InlineData("dueFrom=2026-03-02&dueTo=2026-03-01", "dueTo", "due.range")]
    [InlineData("light=green,yellow", "light", "light.value")]
    [InlineData("state=Under%20Review", "state", "state.format")]
    [InlineData("page=2&continuationToken=djEKQ3JlYXRlZAp4", "page", "page.with-token")]
    public async Task ListCases_BadParameter_400ProblemNamingIt(string query, string field, string rule)
    {
        var (status, body) = await host.GetAsync("/api/cases?" + query, Officer);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((field, rule), (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()));
        Assert.Contains(" / ", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCases_TokenOfTheOtherOrder_400NamingTheToken()
    {
        for (var i = 0; i < 3; i++)
        {
            await host.SeedAsync(PolicyHost.Case("registration", PolicyHost.City));
        }

        var (_, first) = await host.GetAsync("/api/cases?pageSize=1", Officer);
        var token = JsonDocument.Parse(first).RootElement.GetProperty("continuationToken").GetString()!;

        var (status, body) = await host.GetAsync("/api/cases?sort=due&continuationToken=" + Uri.EscapeDataString(token), Officer);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("continuation-token.sort", JsonDocument.Parse(body).RootElement.GetProperty("rule").GetString());
    }
}
