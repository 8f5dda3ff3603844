using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>One in-memory LocalHost (durable engine included, background services off), started for a test class.</summary>
public sealed class InMemoryLocalHostFixture : IAsyncLifetime
{
    private LocalHostApp? local;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The host's services, for a test that sets up storage the way a handler would.</summary>
    public IServiceProvider Services => local?.App.Services ?? throw new InvalidOperationException("The host is not started.");

    public async Task InitializeAsync()
    {
        local = await LocalHostApp.BuildAsync(
            new LocalHostSettings { InMemory = true, Port = TestPorts.Free(), RunBackgroundServices = false }, [], _ => { });
        await local.App.StartAsync();
        Http = ContractCheck.Client(local.BaseUrl, TimeSpan.FromSeconds(30));
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
