using Workflows.LocalHost;
using Workflows.Tests.Support;

namespace Workflows.Integration.Tests;

/// <summary>A started LocalHost on a free port with its own task hub (Azure Storage over Azurite, or in memory).</summary>
public sealed class LocalHostRun : IAsyncDisposable
{
    private LocalHostRun(LocalHostApp local, string taskHub)
    {
        Local = local;
        TaskHub = taskHub;
        Http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(30));
    }

    public LocalHostApp Local { get; }

    public string TaskHub { get; }

    public HttpClient Http { get; }

    public static async Task<LocalHostRun> StartAsync(bool inMemory, AzuriteFixture azurite, string? taskHub = null)
    {
        taskHub ??= TestPorts.UniqueTaskHub("it");
        var local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = inMemory,
                Port = TestPorts.Free(),
                StorageConnectionString = inMemory ? null : azurite.ConnectionString,
                TaskHub = taskHub,
            },
            // appsettings.json sets WORKFLOWS_TASKHUB, which wins over LocalHostSettings.TaskHub; the command line wins over both.
            [$"--WORKFLOWS_TASKHUB={taskHub}"],
            _ => { });
        await local.App.StartAsync();
        return new LocalHostRun(local, taskHub);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        // Task hubs are left in place: each test has its own, and Azurite's data folder is temporary.
        await Local.App.StopAsync();
        await Local.DisposeAsync();
    }
}
