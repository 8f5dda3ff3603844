using System.Net;
using System.Text;
using System.Text.Json;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>The registration the samples describe, filed and corrected over HTTP as an agency system would.</summary>
internal static class SampleRegistration
{
    /// <summary>The request-correction event of samples/events, as a body for <c>POST /api/cases/{id}/events</c>.</summary>
    public static string CorrectionEvent()
    {
        var sample = File.ReadAllText(
            Path.Combine(RepositoryPaths.FindRoot(), "samples", "events", "registration-request-correction.json")
        );
        using var doc = JsonDocument.Parse(sample);
        var payload = doc.RootElement.GetProperty("payload").GetRawText();
        return "{\"type\":\"request-correction\"," + payload.TrimStart()[1..];
    }

    /// <summary>Files samples/registration/application-missing-materials.json with <paramref name="apiKey"/>; the case id.</summary>
    public static async Task<string> PostAsync(HttpClient http, string apiKey)
    {
        var sample = Path.Combine(RepositoryPaths.FindRoot(), "samples", "registration", "application-missing-materials.json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registrations")
        {
            Content = new StringContent(File.ReadAllText(sample), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("caseId").GetString()!;
    }
}
