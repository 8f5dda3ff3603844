using Microsoft.DurableTask;
using Workflows.Functions.Registry;
using Workflows.Tests.Support;

namespace Workflows.Functions.Tests.Registry;

/// <summary>LocalHost registers orchestrators and activities from <see cref="WorkflowRegistry"/>; the Functions host
/// indexes <c>[Function]</c> methods into functions.metadata. These tests keep the two lists equal.</summary>
public sealed class WorkflowRegistryTests
{
    private static readonly FunctionsMetadata Metadata = FunctionsMetadata.LoadFromTestOutput();

    [Fact]
    public void Orchestrators_ComparedWithFunctionsMetadata_AreTheSameSet()
    {
        var differences = FunctionsMetadata.Differences(
            "WorkflowRegistry.Orchestrators",
            WorkflowRegistry.Orchestrators.Select(o => o.Name),
            "functions.metadata (orchestrationTrigger)",
            Metadata.Orchestrators
        );

        Assert.NotEmpty(Metadata.Orchestrators);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Activities_ComparedWithFunctionsMetadata_AreTheSameSet()
    {
        var differences = FunctionsMetadata.Differences(
            "WorkflowRegistry.Activities",
            WorkflowRegistry.Activities.Select(a => a.Name),
            "functions.metadata (activityTrigger)",
            Metadata.Activities
        );

        Assert.NotEmpty(Metadata.Activities);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Differences_MismatchingSample_ReportsEachMissingNameOnItsSide()
    {
        const string sample = """
            [
              { "name": "A", "bindings": [ { "name": "context", "type": "orchestrationTrigger", "direction": "In" } ] },
              { "name": "OnlyInMetadata", "bindings": [ { "name": "context", "type": "orchestrationTrigger", "direction": "In" } ] },
              { "name": "Act", "bindings": [ { "name": "input", "type": "activityTrigger", "direction": "In" } ] },
              { "name": "Http", "bindings": [ { "name": "req", "type": "httpTrigger", "methods": ["get", "post"], "route": "things/{id}" } ] }
            ]
            """;
        var metadata = FunctionsMetadata.Parse(sample);

        var differences = FunctionsMetadata.Differences("registry", ["A", "OnlyInRegistry"], "metadata", metadata.Orchestrators);

        Assert.Equal(
            ["'OnlyInMetadata' is in metadata but not in registry", "'OnlyInRegistry' is in registry but not in metadata"],
            differences
        );
        Assert.Equal(["Act"], metadata.Activities);
        Assert.Equal([new HttpRoute("/api/things/{id}", "GET"), new HttpRoute("/api/things/{id}", "POST")], metadata.HttpRoutes);
    }

    [Fact]
    public void Differences_SameSetsInAnyOrder_ReportsNothing()
    {
        Assert.Empty(FunctionsMetadata.Differences("left", ["b", "a"], "right", ["a", "b", "a"]));
    }

    [Fact]
    public void AddTo_DurableTaskRegistry_RegistersEveryOrchestratorAndActivity()
    {
        var registry = new DurableTaskRegistry();

        WorkflowRegistry.AddTo(registry);

        // Duplicate names would throw on registration, so a second registration of every name must fail.
        foreach (var orchestrator in WorkflowRegistry.Orchestrators)
        {
            Assert.Throws<ArgumentException>(() => registry.AddOrchestrator(orchestrator.Name, orchestrator.Type));
        }

        foreach (var activity in WorkflowRegistry.Activities)
        {
            Assert.Throws<ArgumentException>(() => activity.Register(registry));
        }
    }
}
