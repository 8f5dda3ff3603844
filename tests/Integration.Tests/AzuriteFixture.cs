using Workflows.LocalHost;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Workflows.Integration.Tests;

/// <summary>
/// Azurite for the whole test run, started exactly as LocalHost starts it (<see cref="AzuriteLauncher"/>: npm ci into
/// tools/azurite on first use, data in a temporary folder). Stopped at the end only when this fixture started it.
/// </summary>
public sealed class AzuriteFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string Collection = "Azurite";

    private AzuriteLauncher? launcher;

    public string ConnectionString => AzuriteLauncher.DevelopmentConnectionString;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "workflows-it-azurite-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        launcher = await AzuriteLauncher.EnsureRunningAsync(RepositoryPaths.FindRoot(), DataFolder, Log, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (launcher is { StartedHere: true })
        {
            await launcher.DisposeAsync();
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException e)
            {
                Log($"Could not delete {DataFolder}: {e.Message}");
            }
        }
    }

    private void Log(string message) => diagnostics.OnMessage(new DiagnosticMessage("[azurite-fixture] " + message));
}

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>;
