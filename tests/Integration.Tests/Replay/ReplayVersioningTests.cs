using System.Text.Json;
using Microsoft.DurableTask.Worker;
using Workflows.Functions.Orchestrations;
using Workflows.LocalHost;

namespace Workflows.Integration.Tests.Replay;

/// <summary>Issue 17 item 1: both hosts start new instances on the current version and run that version or older.</summary>
public sealed class ReplayVersioningTests
{
    [Fact]
    public void HostJson_DurableTaskVersioning_CurrentVersionCurrentOrOlderReject()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "host.json")));
        var durableTask = hostJson.RootElement.GetProperty("extensions").GetProperty("durableTask");

        Assert.Equal(OrchestrationVersions.Current, durableTask.GetProperty("defaultVersion").GetString());
        Assert.Equal("CurrentOrOlder", durableTask.GetProperty("versionMatchStrategy").GetString());
        Assert.Equal("Reject", durableTask.GetProperty("versionFailureStrategy").GetString());
    }

    [Fact]
    public void LocalHostWorker_Versioning_SameAsHostJson()
    {
        var versioning = DurableEngine.WorkerVersioning();

        Assert.Equal(OrchestrationVersions.Current, versioning.Version);
        Assert.Equal(OrchestrationVersions.Current, versioning.DefaultVersion);
        Assert.Equal(DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder, versioning.MatchStrategy);
        Assert.Equal(DurableTaskWorkerOptions.VersionFailureStrategy.Reject, versioning.FailureStrategy);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("2", 2)]
    public void Of_InstanceVersion_UnversionedIsOne(string? version, int expected) =>
        Assert.Equal(expected, OrchestrationVersions.Of(version));
}
