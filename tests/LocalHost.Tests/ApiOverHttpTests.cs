using System.Net;
using System.Text;
using System.Text.Json;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>The API as a client sees it on the in-memory LocalHost: API-key principals, problem responses, the probe.</summary>
public sealed class ApiOverHttpTests(InMemoryLocalHostFixture host) : IClassFixture<InMemoryLocalHostFixture>
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal((int)status, doc.RootElement.GetProperty("status").GetInt32());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task StartTimerProbe_Anonymous_Returns401Problem()
    {
        using var response = await host.Http.PostAsync("/api/probes/timer", Json("{\"delaySeconds\":1}"));

        var problem = await ReadProblem(response, HttpStatusCode.Unauthorized);
        Assert.EndsWith("/unauthenticated", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTimerProbe_UnknownKey_Returns401Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/probes/timer") { Content = Json("{}") };
        request.Headers.Add("X-Api-Key", "not-a-key");

        using var response = await host.Http.SendAsync(request);

        var problem = await ReadProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains("not recognised", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTimerProbe_DevKey_Returns202AndInstanceCompletes()
    {
        var id = await ApiPolling.StartTimerProbeAsync(host.Http, delaySeconds: 1, note: "over http");

        var instance = await ApiPolling.WaitForTerminalAsync(host.Http, id, TimeSpan.FromSeconds(60));

        Assert.Equal("Completed", instance.GetProperty("runtimeStatus").GetString());
        Assert.Equal(id, instance.GetProperty("id").GetString());
        var fireAt = ApiPolling.Property(instance.GetProperty("probe"), "FireAtUtc").GetDateTimeOffset();
        var fired = ApiPolling.Property(instance.GetProperty("probe"), "FiredUtc").GetDateTimeOffset();
        Assert.True(fired >= fireAt, $"fired {fired:O} before {fireAt:O}");
        Assert.Contains("over http", ApiPolling.Property(instance.GetProperty("probe"), "Recorded").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInstance_UnknownId_Returns404Problem()
    {
        using var response = await ApiPolling.GetInstanceAsync(host.Http, "unknown");

        var problem = await ReadProblem(response, HttpStatusCode.NotFound);
        Assert.Contains("unknown", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"delaySeconds\":", "body.json")]
    [InlineData("[1]", "body.object")]
    [InlineData("", "body.required")]
    public async Task StartTimerProbe_BadBody_Returns400ProblemNamingBody(string body, string rule)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/probes/timer") { Content = Json(body) };
        request.Headers.Add("X-Api-Key", ApiPolling.AdminKey);

        using var response = await host.Http.SendAsync(request);

        var problem = await ReadProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal("body", problem.GetProperty("field").GetString());
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("{\"delaySeconds\":-1}")]
    [InlineData("{\"delaySeconds\":1.5}")]
    [InlineData("{\"delaySeconds\":\"3\"}")]
    [InlineData("{\"delaySeconds\":86401}")]
    public async Task StartTimerProbe_DelayOutOfRange_Returns400ProblemNamingField(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/probes/timer") { Content = Json(body) };
        request.Headers.Add("X-Api-Key", ApiPolling.AdminKey);

        using var response = await host.Http.SendAsync(request);

        var problem = await ReadProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal("delaySeconds", problem.GetProperty("field").GetString());
        Assert.Equal("range", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Health_InMemory_Returns200WithStorageAndTaskHubOk()
    {
        using var response = await host.Http.GetAsync("/api/health");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var doc = JsonDocument.Parse(body);
        Assert.True(doc.RootElement.GetProperty("storage").GetProperty("ok").GetBoolean(), body);
        Assert.True(doc.RootElement.GetProperty("taskHub").GetProperty("ok").GetBoolean(), body);
        Assert.Equal("healthy", doc.RootElement.GetProperty("status").GetString());
    }
}
