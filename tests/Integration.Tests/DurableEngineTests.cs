using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Workflows.Tests.Support;

namespace Workflows.Integration.Tests;

/// <summary>The real durable engine behind LocalHost, driven over HTTP: in memory and on Azure Storage (Azurite).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class DurableEngineTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartTimerProbe_Backend_CompletesAfterFireTime(bool inMemory)
    {
        await using var run = await LocalHostRun.StartAsync(inMemory, azurite);

        var id = await ApiPolling.StartTimerProbeAsync(run.Http, delaySeconds: 10, note: inMemory ? "memory" : "azure");
        var instance = await ApiPolling.WaitForTerminalAsync(run.Http, id, TimeSpan.FromSeconds(90));

        Assert.Equal("Completed", instance.GetProperty("runtimeStatus").GetString());
        var probe = instance.GetProperty("probe");
        var fireAt = ApiPolling.Property(probe, "FireAtUtc").GetDateTimeOffset();
        var started = ApiPolling.Property(probe, "StartedUtc").GetDateTimeOffset();
        var fired = ApiPolling.Property(probe, "FiredUtc").GetDateTimeOffset();
        Assert.True(fired >= fireAt, $"fired {fired:O} before {fireAt:O}");
        Assert.True(fireAt - started > TimeSpan.FromSeconds(1), $"started {started:O}, fire at {fireAt:O}");
        Assert.Contains(inMemory ? "memory" : "azure", ApiPolling.Property(probe, "Recorded").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTimerProbe_HostRestartedBeforeTimerFires_CompletesOnNewHost()
    {
        var taskHub = TestPorts.UniqueTaskHub("itrestart");
        string id;
        DateTimeOffset stoppedAt;
        await using (var first = await LocalHostRun.StartAsync(inMemory: false, azurite, taskHub))
        {
            id = await ApiPolling.StartTimerProbeAsync(first.Http, delaySeconds: 30, note: "restart");
            await WaitForRunningAsync(first.Http, id);
            stoppedAt = TimeProvider.System.GetUtcNow();
        }

        await using var second = await LocalHostRun.StartAsync(inMemory: false, azurite, taskHub);
        var instance = await ApiPolling.WaitForTerminalAsync(second.Http, id, TimeSpan.FromMinutes(3));

        Assert.Equal("Completed", instance.GetProperty("runtimeStatus").GetString());
        var fireAt = ApiPolling.Property(instance.GetProperty("probe"), "FireAtUtc").GetDateTimeOffset();
        var fired = ApiPolling.Property(instance.GetProperty("probe"), "FiredUtc").GetDateTimeOffset();
        Assert.True(fired >= fireAt, $"fired {fired:O} before {fireAt:O}");
        Assert.True(
            fireAt > stoppedAt,
            $"the timer ({fireAt:O}) was due before the first host stopped ({stoppedAt:O}); the test proves nothing"
        );
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Health_Backend_Returns200WithStorageAndTaskHubOk(bool inMemory)
    {
        await using var run = await LocalHostRun.StartAsync(inMemory, azurite);

        using var response = await run.Http.GetAsync("/api/health");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("storage").GetProperty("ok").GetBoolean(), body);
        Assert.True(root.GetProperty("taskHub").GetProperty("ok").GetBoolean(), body);
        Assert.Equal(run.TaskHub, root.GetProperty("taskHub").GetProperty("name").GetString());
        Assert.Contains(
            inMemory ? "in-memory" : "Azurite",
            root.GetProperty("storage").GetProperty("location").GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal("healthy", root.GetProperty("status").GetString());
    }

    /// <summary>Waits until the orchestration has started and is waiting on its timer (so the restart interrupts a
    /// real durable wait, not a message still in the queue).</summary>
    private static async Task WaitForRunningAsync(HttpClient http, string id)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(25))
        {
            using var response = await ApiPolling.GetInstanceAsync(http, id);
            if (response.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (doc.RootElement.GetProperty("runtimeStatus").GetString() == "Running")
                {
                    return;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Instance {id} did not start running within 25 s.");
    }
}
