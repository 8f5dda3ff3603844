using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.LocalHost;
using Workflows.Tests.Support;

namespace Workflows.Integration.Tests.MarketEntities;

/// <summary>A LocalHost (engine, blob watcher and scheduler included) for the market-entity tests, in memory or over Azurite.</summary>
public abstract class MarketHostFixture(bool inMemory, string? storageConnectionString = null) : IAsyncLifetime
{
    private LocalHostApp? local;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => local!.App.Services;

    public async Task InitializeAsync()
    {
        local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = inMemory,
                StorageConnectionString = storageConnectionString,
                Port = TestPorts.Free(),
                TaskHub = "mkt" + Guid.NewGuid().ToString("N")[..8],
                RunBackgroundServices = true,
                ConfigureServices = s => s.Configure<Functions.Hosting.LimitsOptions>(o => o.MaxPackageUncompressedBytes = 64 * 1024),
            },
            [],
            _ => { }
        );
        await local.App.StartAsync();
        Http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (local is not null)
        {
            await local.App.StopAsync();
            await local.DisposeAsync();
        }
    }
}

public sealed class InMemoryMarketHost() : MarketHostFixture(inMemory: true);

/// <summary>Over the Azurite of <see cref="AzuriteFixture"/>: a host must never start (and later stop) an Azurite of its own
/// on 10000-10002 while other tests use it.</summary>
public sealed class AzuriteMarketHost(string storageConnectionString) : MarketHostFixture(inMemory: false, storageConnectionString);

/// <summary>HTTP helpers: POST with a dev API key, read problem+json, poll a case until a condition holds.</summary>
public static class MarketApi
{
    public const string Officer = "dev-registration-officer";
    public const string Head = "dev-authority-head";
    public const string Enterprise = "dev-enterprise";

    /// <summary>Enterprises act only for themselves: the keys whose USCC matches the deregistration and tracker samples.</summary>
    public const string SimplifiedApplicant = "dev-enterprise-dingsheng";

    public const string IndividualApplicant = "dev-individual-business";

    public const string TrackedEnterprise = "dev-enterprise-tracked";
    public const string Objector = "dev-objecting-party";
    public const string Affected = "dev-affected-party";

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(
        HttpClient http,
        string apiKey,
        string path,
        string json,
        string? idempotencyKey = null
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> EventAsync(HttpClient http, string apiKey, string caseId, object evt) =>
        PostAsync(http, apiKey, $"/api/cases/{caseId}/events", JsonSerializer.Serialize(evt));

    public static async Task<string> OpenAsync(HttpClient http, string apiKey, string path, string json, string? idempotencyKey = null)
    {
        var (status, body) = await PostAsync(http, apiKey, path, json, idempotencyKey);
        Assert.True(status == HttpStatusCode.Accepted, $"Expected 202 from {path}, got {(int)status}: {body}");
        return body.GetProperty("caseId").GetString()!;
    }

    public static async Task<JsonElement> WaitForCaseAsync(
        HttpClient http,
        string caseId,
        Func<JsonElement, bool> condition,
        string apiKey = Officer,
        int seconds = 30
    )
    {
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}");
            request.Headers.Add("X-Api-Key", apiKey);
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (condition(last))
                {
                    return last;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Case {caseId} did not reach the expected state in {seconds}s; last: {last}");
    }

    public static bool Awaits(JsonElement c, string type) =>
        c.GetProperty("awaitedEvents").EnumerateArray().Any(e => e.GetString() == type);

    public static string State(JsonElement c) => c.GetProperty("state").GetString()!;

    public static string? Due(JsonElement c) =>
        c.TryGetProperty("deadline", out var d) && d.ValueKind == JsonValueKind.Object ? d.GetProperty("due").GetString() : null;

    public static bool Closed(JsonElement c) => c.GetProperty("closed").GetBoolean();

    public static IEnumerable<string> Actions(JsonElement c) =>
        c.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()!);

    public static string Sample(string relativePath)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples", "registration")))
        {
            dir = dir.Parent;
        }

        return File.ReadAllText(Path.Combine(dir!.FullName, "samples", relativePath));
    }

    /// <summary>A sample with top-level fields added or replaced.</summary>
    public static string With(string json, object extra)
    {
        var node = System
            .Text.Json.Nodes.JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!
            .AsObject();
        foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
        {
            node[property.Name] = System.Text.Json.Nodes.JsonNode.Parse(property.Value.GetRawText());
        }

        return node.ToJsonString();
    }
}
