using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;

namespace Workflows.ProofBench;

/// <summary>
/// The baseline of the throughput comparison: the SAME engine LocalHost runs (the gRPC sidecar TaskHubGrpcServer over
/// InMemoryOrchestrationService or AzureStorageOrchestrationService, the Durable Task SDK worker and client over gRPC),
/// but with a bare orchestration of the same shape as a registration decided on time: 3 activities, one external
/// event raced against a timer, 2 activities. The activities do nothing, so the difference to the registration run
/// is our overhead: HTTP, authorisation, validation, case table, audit, idempotency, deadline computation, outbox.
/// WorkflowRegistry (src) builds LocalHost's worker registry and cannot take extra tasks without editing src, so the
/// bare engine is hosted here with the same setup code as src/LocalHost/DurableEngine.cs.
/// </summary>
public sealed class BareEngine : IAsyncDisposable
{
    private readonly IHost host;
    private readonly WebApplication sidecar;

    private BareEngine(IHost host, WebApplication sidecar)
    {
        this.host = host;
        this.sidecar = sidecar;
    }

    public DurableTaskClient Client => host.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<BareEngine> StartAsync(bool inMemory, string taskHub, string? connectionString, WriteSignals? signals = null)
    {
        IOrchestrationService service = inMemory
            ? Workflows.LocalHost.InMemoryEngineConcurrency.Create(null)
            : new AzureStorageOrchestrationService(
                new AzureStorageOrchestrationServiceSettings
                {
                    TaskHubName = taskHub,
                    StorageAccountClientProvider = new StorageAccountClientProvider(connectionString!),
                    MaxQueuePollingInterval = TimeSpan.FromSeconds(2), // as LocalHost
                    PartitionCount = 1,
                }
            );
        if (!inMemory)
        {
            await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        }

        var address = $"http://127.0.0.1:{LocalHostProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(Workflows.LocalHost.InMemoryEngineConcurrency.ClientOf(service));
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync().ConfigureAwait(false);

        var hostBuilder = Host.CreateApplicationBuilder();
        hostBuilder.Logging.ClearProviders();
        // Payloads encoded as LocalHost's engine encodes them (Chinese unescaped), so a payload weighs the same in both.
        hostBuilder.Services.AddSingleton<Microsoft.DurableTask.DataConverter>(Workflows.LocalHost.DurablePayloads.Converter);
        hostBuilder.Services.AddSingleton(signals ?? new WriteSignals());
        hostBuilder.Services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(address);
            b.AddTasks(r => r.AddOrchestrator<BareOrchestration>().AddActivity<BareActivity>());
        });
        hostBuilder.Services.AddDurableTaskClient(b => b.UseGrpc(address));
        var host = hostBuilder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new BareEngine(host, sidecar);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync().ConfigureAwait(false);
        host.Dispose();
        await sidecar.StopAsync().ConfigureAwait(false);
        await sidecar.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Same shape as RegistrationOrchestration on the "register within the limit" path.</summary>
public sealed class BareOrchestration : TaskOrchestrator<string, string>
{
    /// <summary>The activity after which the orchestration awaits the decision (a registration's case update to under-review).</summary>
    public const string AwaitingAfter = "publish-under-review";

    /// <summary>The last activity (a registration's final case update).</summary>
    public const string Last = "publish-registered";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CallActivityAsync<string>(nameof(BareActivity), "ban-check");
        await context.CallActivityAsync<string>(nameof(BareActivity), "compute-deadline");
        await context.CallActivityAsync<string>(nameof(BareActivity), AwaitingAfter);
        context.SetCustomStatus("awaiting");
        var decision = context.WaitForExternalEvent<string>("case-event");
        using var cts = new CancellationTokenSource();
        var timer = context.CreateTimer(context.CurrentUtcDateTime.AddDays(3), cts.Token);
        if (await Task.WhenAny(decision, timer) == decision)
        {
#pragma warning disable CA1849 // synchronous cancel inside the orchestrator, as CaseFlow does
            cts.Cancel();
#pragma warning restore CA1849
        }

        await context.CallActivityAsync<string>(nameof(BareActivity), "issue-licence");
        await context.CallActivityAsync<string>(nameof(BareActivity), Last);
        return "registered"; // the outcome, as a registration answers (its input may be the whole application)
    }
}

/// <summary>Does nothing but tell the bench's waits (<c>--wait events</c>) that it ran.</summary>
public sealed class BareActivity(WriteSignals signals) : Microsoft.DurableTask.TaskActivity<string, string>
{
    public static string Ran(string instanceId, string step) => $"{instanceId}|{step}";

    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        signals.Fire(Ran(context.InstanceId, input));
        return Task.FromResult(input);
    }
}
