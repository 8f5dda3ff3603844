using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.Storage;
using Workflows.LocalHost;
using Workflows.Tests.Support;

namespace Workflows.Integration.Tests.Energy;

/// <summary>A LocalHost (in-memory or over Azurite) with the blob watcher on, and the calls the energy tests make.</summary>
public sealed class EnergyHost : IAsyncDisposable
{
    private readonly LocalHostApp local;

    private EnergyHost(LocalHostApp local, int waitSeconds)
    {
        this.local = local;
        WaitSeconds = waitSeconds;
        Http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(120));
    }

    public HttpClient Http { get; }

    /// <summary>How long to wait for an orchestration step (Azure Storage partitions take longer to settle than in-memory).</summary>
    public int WaitSeconds { get; }

    public IBlobStore Blobs => local.App.Services.GetRequiredService<IBlobStore>();

    public IServiceProvider Services => local.App.Services;

    public static async Task<EnergyHost> StartAsync(bool inMemory, string? storageConnectionString = null)
    {
        var local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = inMemory,
                StorageConnectionString = storageConnectionString,
                Port = TestPorts.Free(),
                TaskHub = TestPorts.UniqueTaskHub("energy"),
                RunBackgroundServices = true,
            },
            [],
            _ => { }
        );
        await local.App.StartAsync();
        return new EnergyHost(local, inMemory ? 45 : 240);
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(
        HttpMethod method,
        string path,
        string key,
        object? body = null,
        string? raw = null,
        string contentType = "application/json"
    )
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (raw is not null)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, contentType);
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public Task<(int Status, JsonElement Body)> EventAsync(string caseId, string key, object body) =>
        SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/events", key, body);

    /// <summary>Polls the case until <paramref name="done"/> holds (the orchestration publishes asynchronously).</summary>
    public async Task<JsonElement> WaitForCaseAsync(
        string caseId,
        Func<JsonElement, bool> done,
        string key = "dev-admin",
        int? seconds = null
    )
    {
        var until = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(seconds ?? WaitSeconds);
        JsonElement last = default;
        while (TimeProvider.System.GetUtcNow().UtcDateTime < until)
        {
            var (status, body) = await SendAsync(HttpMethod.Get, $"/api/cases/{caseId}", key);
            if (status == 200)
            {
                last = body;
                if (done(body))
                {
                    return body;
                }
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"Case {caseId} did not reach the expected state; last: {last}");
    }

    public Task<JsonElement> WaitForAwaitedAsync(string caseId, string eventType) =>
        WaitForCaseAsync(caseId, c => c.GetProperty("awaitedEvents").EnumerateArray().Any(e => e.GetString() == eventType));

    public static string SamplesPath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "energy", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(file);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await local.App.StopAsync();
        await local.DisposeAsync();
    }
}
