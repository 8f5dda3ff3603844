using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Workflows.Tests.Support;

/// <summary>HTTP helpers for tests that drive a running LocalHost.</summary>
public static class ApiPolling
{
    public const string AdminKey = "dev-admin";

    public static async Task<string> StartTimerProbeAsync(HttpClient http, int delaySeconds, string note = "test")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/probes/timer")
        {
            Content = JsonContent.Create(new { delaySeconds, note }),
        };
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary><c>GET /api/instances/{id}</c> as the administrator (a probe instance is no case: only the
    /// administrator reads it).</summary>
    public static Task<HttpResponseMessage> GetInstanceAsync(HttpClient http, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/instances/{id}");
        request.Headers.Add("X-Api-Key", AdminKey);
        return http.SendAsync(request);
    }

    /// <summary>Polls <c>GET /api/instances/{id}</c> until the instance reaches a terminal state or the time runs out.</summary>
    public static async Task<JsonElement> WaitForTerminalAsync(HttpClient http, string id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < timeout)
        {
            using var response = await GetInstanceAsync(http, id);
            if (response.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                last = doc.RootElement.Clone();
                var status = last.GetProperty("runtimeStatus").GetString();
                if (status is "Completed" or "Failed" or "Terminated")
                {
                    return last;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException(
            $"Instance {id} did not finish within {timeout}; last state: {(last.ValueKind == JsonValueKind.Undefined ? "none" : last.ToString())}"
        );
    }

    /// <summary>A property of a serialized durable payload, whatever its casing.</summary>
    public static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}
