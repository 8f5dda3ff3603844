using System.Net;
using System.Text;
using System.Text.Json;

namespace Workflows.LocalHost.Tests;

/// <summary>
/// An event's 202 names a status URL; <c>GET /api/cases/{id}?afterEvent=&amp;waitSeconds=</c> returns once the event is
/// in the case's history (the walkthroughs' <c>show</c> after each event relies on it on the Azurite host).
/// </summary>
public sealed class EventWaitTests(InMemoryLocalHostFixture host) : IClassFixture<InMemoryLocalHostFixture>
{
    private const string Officer = "dev-registration-officer";
    private const string Enterprise = "dev-enterprise";

    [Fact]
    public async Task PostEvent_Accepted_NamesStatusUrlInBodyAndLocation()
    {
        var caseId = await OpenRegistrationAsync();

        using var accepted = await SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/events", Officer, CorrectionEvent());

        var body = await ReadJsonAsync(accepted, HttpStatusCode.Accepted);
        var eventId = body.GetProperty("eventId").GetString();
        var expected = $"/api/cases/{caseId}?afterEvent={eventId}&waitSeconds=30";
        Assert.Equal(expected, body.GetProperty("statusUrl").GetString());
        Assert.Equal(expected, accepted.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task GetCase_AfterEvent_ReturnsTheEventsEffectAndRecordedTrue()
    {
        var caseId = await OpenRegistrationAsync();
        using var accepted = await SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/events", Officer, CorrectionEvent());
        var statusUrl = (await ReadJsonAsync(accepted, HttpStatusCode.Accepted)).GetProperty("statusUrl").GetString()!;

        using var response = await SendAsync(HttpMethod.Get, statusUrl, Officer);

        var view = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.True(view.GetProperty("afterEvent").GetProperty("recorded").GetBoolean(), view.ToString());
        Assert.Equal("awaiting-correction", view.GetProperty("state").GetString());
        Assert.Contains(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("key").GetString() == $"{caseId}-e1");
    }

    [Fact]
    public async Task GetCase_AfterEventNotYetSentWithZeroWait_ReturnsAtOnceWithRecordedFalse()
    {
        var caseId = await OpenRegistrationAsync();

        using var response = await SendAsync(HttpMethod.Get, $"/api/cases/{caseId}?afterEvent={caseId}-e9&waitSeconds=0", Officer);

        var view = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.False(view.GetProperty("afterEvent").GetProperty("recorded").GetBoolean());
        Assert.Equal("under-review", view.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("afterEvent=OTHER-CASE-e1", "afterEvent", "after-event.format")]
    [InlineData("afterEvent={id}-", "afterEvent", "after-event.format")]
    [InlineData("afterEvent={id}-e1/../x", "afterEvent", "after-event.format")]
    [InlineData("afterEvent={id}-e1&waitSeconds=31", "waitSeconds", "wait-seconds.range")]
    [InlineData("afterEvent={id}-e1&waitSeconds=-1", "waitSeconds", "wait-seconds.range")]
    [InlineData("waitSeconds=5", "waitSeconds", "wait-seconds.needs-after-event")]
    public async Task GetCase_BadWaitParameters_Returns400NamingFieldAndRule(string query, string field, string rule)
    {
        var caseId = await OpenRegistrationAsync();

        var url = $"/api/cases/{caseId}?{query.Replace("{id}", caseId, StringComparison.Ordinal)}";
        using var response = await SendAsync(HttpMethod.Get, url, Officer);

        var problem = await ReadJsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(rule, problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task GetCase_AfterIntake_ReturnsOnceTheOrchestrationPublished()
    {
        var caseId = await PostRegistrationAsync();

        using var response = await SendAsync(HttpMethod.Get, $"/api/cases/{caseId}?afterEvent=intake&waitSeconds=30", Officer);

        var view = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.True(view.GetProperty("afterEvent").GetProperty("recorded").GetBoolean(), view.ToString());
        Assert.NotEqual("accepted", view.GetProperty("state").GetString());
    }

    [Fact]
    public async Task GetCase_AfterEventOutsideJurisdiction_Returns404()
    {
        var caseId = await OpenRegistrationAsync();

        var url = $"/api/cases/{caseId}?afterEvent={caseId}-e1&waitSeconds=0";
        using var response = await SendAsync(HttpMethod.Get, url, "dev-enterprise-dingsheng");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<string> PostRegistrationAsync() => SampleRegistration.PostAsync(host.Http, Enterprise);

    private static string CorrectionEvent() => SampleRegistration.CorrectionEvent();

    /// <summary>An event is accepted only once the orchestration awaits it: the intake wait gives exactly that.</summary>
    private async Task<string> OpenRegistrationAsync()
    {
        var caseId = await PostRegistrationAsync();
        using var opened = await SendAsync(HttpMethod.Get, $"/api/cases/{caseId}?afterEvent=intake&waitSeconds=30", Officer);
        var view = await ReadJsonAsync(opened, HttpStatusCode.OK);
        Assert.Contains(view.GetProperty("awaitedEvents").EnumerateArray(), e => e.GetString() == "request-correction");
        return caseId;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Api-Key", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await host.Http.SendAsync(request);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
