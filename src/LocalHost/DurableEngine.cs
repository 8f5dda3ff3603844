using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Functions.Hosting;
using Workflows.Functions.Orchestrations;
using Workflows.Functions.Registry;

namespace Workflows.LocalHost;

/// <summary>Which durable backend the gRPC sidecar hosts.</summary>
public enum DurableBackend
{
    /// <summary>The Durable Task Framework's Azure Storage provider (queues, tables, blobs), as Durable Functions uses.</summary>
    AzureStorage,

    /// <summary>The in-memory orchestration service of Microsoft.DurableTask.InProcessTestHost.</summary>
    InMemory,
}

/// <summary>
/// The local durable engine: the gRPC sidecar <see cref="TaskHubGrpcServer"/> hosting an <see cref="IOrchestrationService"/>
/// (Azure Storage over Azurite or a real account, or in memory), with the Durable Task SDK worker and client connected
/// to it over gRPC. The orchestrations and activities come from <see cref="WorkflowRegistry"/>.
/// </summary>
public static class DurableEngine
{
    public static IServiceCollection AddLocalDurableEngine(
        this IServiceCollection services,
        DurableBackend backend,
        string taskHub,
        string? storageConnectionString,
        int? sidecarPort = null
    )
    {
        var port = sidecarPort ?? LoopbackPorts.Free();
        var address = $"http://127.0.0.1:{port}";
        services.AddSingleton(new DurableEngineInfo(backend, taskHub, address));
        services.AddSingleton<IOrchestrationService>(sp =>
            backend switch
            {
                DurableBackend.InMemory => InMemoryEngineConcurrency.Create(sp.GetService<ILoggerFactory>()),
                _ => new AzureStorageOrchestrationService(
                    new AzureStorageOrchestrationServiceSettings
                    {
                        TaskHubName = taskHub,
                        StorageAccountClientProvider = new StorageAccountClientProvider(
                            storageConnectionString
                                ?? throw new InvalidOperationException("The Azure Storage backend needs a storage connection string.")
                        ),
                        LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                        // The same polling ceiling as host.json (Flex guidance: at most 10 s); keeps local timers prompt.
                        MaxQueuePollingInterval = TimeSpan.FromSeconds(2),
                        PartitionCount = 1,
                        // The default 2 s is easily exceeded on a loaded 2-core machine with Azurite (the warning "Operation to
                        // read and write the partition table exceeded the 2-second timeout"), after which the control-queue
                        // lease is not taken and timers are not delivered until it is.
                        PartitionTableOperationTimeout = TimeSpan.FromSeconds(30),
                        // After a hard kill, messages the dead process had dequeued stay invisible for this long (default
                        // 5 minutes). One minute brings a restarted LocalHost back to its cases promptly; the provider renews
                        // the visibility of work items that are still being processed.
                        ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
                        WorkItemQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
                    }
                ),
            }
        );
        services.TryAddSingleton<HostStopping>();
        // The worker and the client take the converter registered as a service (issue 22: Chinese unescaped).
        services.AddSingleton<Microsoft.DurableTask.DataConverter>(DurablePayloads.Converter);
        services.AddHostedService<DurableSidecarHost>();
        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc(options =>
            {
                options.Address = address;
                // The worker reconnects when nothing, not even a health ping, arrives for 120 s. The in-process
                // sidecar sends no health pings, so an idle host logged "Channel to backend has stopped receiving
                // traffic" and reconnected for nothing; the channel is a loopback inside this process.
                options.SetSilentDisconnectTimeout(TimeSpan.Zero);
            });
            builder.AddTasks(WorkflowRegistry.AddTo);
            builder.UseVersioning(WorkerVersioning());
        });
        services.AddDurableTaskClient(builder => builder.UseGrpc(address).UseDefaultVersion(OrchestrationVersions.Current));
        return services;
    }

    /// <summary>
    /// The same versioning as host.json on Azure (issue 17): new instances start on the current version, this worker
    /// runs instances of that version or older, and leaves a newer instance (started by a newer deployment) untouched.
    /// </summary>
    public static DurableTaskWorkerOptions.VersioningOptions WorkerVersioning() =>
        new()
        {
            Version = OrchestrationVersions.Current,
            DefaultVersion = OrchestrationVersions.Current,
            MatchStrategy = DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder,
            FailureStrategy = DurableTaskWorkerOptions.VersionFailureStrategy.Reject,
        };
}

/// <summary>
/// An <see cref="IOrchestrationService"/> that wraps another (the replay tests' history recorder). The sidecar takes its
/// <see cref="IOrchestrationServiceClient"/> (queries, purge) from the innermost service.
/// </summary>
public interface IOrchestrationServiceDecorator
{
    IOrchestrationService Inner { get; }
}

public static class OrchestrationServiceDecorator
{
    public static IOrchestrationService Unwrap(IOrchestrationService service)
    {
        while (service is IOrchestrationServiceDecorator decorator)
        {
            service = decorator.Inner;
        }

        return service;
    }
}

public sealed record DurableEngineInfo(DurableBackend Backend, string TaskHub, string SidecarAddress);

/// <summary>Runs the gRPC sidecar in its own small Kestrel host (HTTP/2 only) inside this process.</summary>
internal sealed class DurableSidecarHost(
    IOrchestrationService engine,
    DurableEngineInfo info,
    ILoggerFactory loggerFactory,
    HostStopping hostStopping
) : IHostedService, IAsyncDisposable
{
    private readonly IOrchestrationService service = StopOnceOrchestrationService.Wrap(
        engine,
        loggerFactory.CreateLogger<DurableSidecarHost>()
    );

    private WebApplication? sidecar;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var innermost = OrchestrationServiceDecorator.Unwrap(service);
        if (innermost is AzureStorageOrchestrationService)
        {
            await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls(info.SidecarAddress);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(InMemoryEngineConcurrency.ClientOf(innermost));
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // What the worker's closing stream makes the sidecar log from here on is part of the stop, also when the host is
        // only disposed (its loggers are disposed after this service, so they would not know yet).
        hostStopping.Begin();
        if (sidecar is not null)
        {
            await sidecar.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        // Release the backend's leases and stop its polling loops so a host disposed in-process (tests, restarts)
        // leaves nothing running against the storage account. The same single stop the sidecar awaits.
        await service.StopAsync(isForced: true).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        hostStopping.Begin();
        if (sidecar is not null)
        {
            await sidecar.DisposeAsync().ConfigureAwait(false);
            sidecar = null;
        }
    }
}
