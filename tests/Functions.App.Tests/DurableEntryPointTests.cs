using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.App.Tests.Support;
using Workflows.Functions.Registry;
using Workflows.LocalHost;

namespace Workflows.Functions.App.Tests;

/// <summary>
/// Issue 21 item 2: orchestrator and activity functions run through their <c>[OrchestrationTrigger]</c> and
/// <c>[ActivityTrigger]</c> entry points on the in-memory engine, for one procedure end to end; and every function
/// the reflection finds is the one the SDK's generated metadata indexes.
/// </summary>
public sealed class DurableEntryPointTests
{
    private const string Officer = "dev-registration-officer";

    [Fact]
    public async Task Registration_OnTheSpotThroughFunctionEntryPoints_RegisteredWithLicence()
    {
        await using var world = await FunctionsWorld.StartAsync();
        var samples = Path.Combine(new LocalHostSettings().RepositoryRoot, "samples");
        var application = JsonNode.Parse(File.ReadAllText(Path.Combine(samples, "registration", "application-complete.json")))!;
        application["acceptedOn"] = "2024-03-04";
        application["registerOnTheSpot"] = true;
        var principal = ClientPrincipal.Of(Officer);
        var headers = new Dictionary<string, string>
        {
            [Identity.PrincipalResolver.ClientPrincipalHeader] = principal,
            ["Idempotency-Key"] = "entry-points",
        };

        var accepted = await world.Invoker.InvokeHttpAsync(FunctionCatalog.Named("PostRegistration"),
            ApiRequest.Json("POST", "/api/registrations", headers, application.ToJsonString()));
        var caseId = JsonNode.Parse(accepted.Body)!["caseId"]!.ToString();
        var instance = await world.Client.WaitForInstanceCompletionAsync(caseId, getInputsAndOutputs: true,
            new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var read = await world.Invoker.InvokeHttpAsync(FunctionCatalog.Named("GetCase"),
            new ApiRequest("GET", $"/api/cases/{caseId}", headers));
        var record = JsonNode.Parse(read.Body)!;

        Assert.Equal(202, accepted.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("registered", record["outcome"]?.ToString());
        Assert.Equal("2024-03-04", record["data"]?["licence"]?["establishmentDate"]?.ToString());
        Assert.Subset(world.Tasks.Invoked.ToHashSet(),
            new HashSet<string> { "RegistrationOrchestration", "CheckBansActivity", "UpdateCaseActivity", "IssueLicenceActivity" });
    }

    [Fact]
    public void EntryPoints_OrchestratorsAndActivities_AreTheRegistrysNames()
    {
        var orchestrators = FunctionCatalog.OfKind(TriggerKind.Orchestration).Select(f => f.Name);
        var activities = FunctionCatalog.OfKind(TriggerKind.Activity).Select(f => f.Name);

        Assert.Equal(WorkflowRegistry.Orchestrators.Select(o => o.Name).Order(StringComparer.Ordinal),
            orchestrators.Order(StringComparer.Ordinal));
        Assert.Equal(WorkflowRegistry.Activities.Select(a => a.Name).Order(StringComparer.Ordinal),
            activities.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GeneratedMetadata_EveryFunctionMethod_IndexedWithItsEntryPoint()
    {
        using var host = FunctionsWorld.BuildHost(Hosting.StorageMode.InMemory);
        var provider = host.Services.GetRequiredService<IFunctionMetadataProvider>();

        var indexed = (await provider.GetFunctionMetadataAsync(AppContext.BaseDirectory))
            .Select(m => $"{m.Name} = {m.EntryPoint}").Order(StringComparer.Ordinal);
        var reflected = FunctionCatalog.All
            .Select(f => $"{f.Name} = {f.DeclaringType.FullName}.{f.Method.Name}").Order(StringComparer.Ordinal);

        Assert.Equal(reflected, indexed);
    }
}
