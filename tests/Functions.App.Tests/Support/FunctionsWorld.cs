using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Azure.Functions.Worker.Invocation;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workflows.Functions.Hosting;
using Workflows.Functions.Identity;
using Workflows.Functions.Orchestrations;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>
/// The Functions app as the worker builds it (<see cref="FunctionsAppComposition"/>, the builder Program.cs runs),
/// built and never run, so no gRPC channel to a Functions host is opened; its durable functions run on the in-memory
/// engine through their trigger entry points, and <see cref="Client"/> is what <c>[DurableClient]</c> hands a trigger.
/// </summary>
public sealed class FunctionsWorld : IAsyncDisposable
{
    private FunctionsWorld(IHost host, DurableTaskTestHost engine, ServiceProvider clients, EntryPointTasks tasks)
    {
        Host = host;
        Engine = engine;
        Clients = clients;
        Client = clients.GetRequiredService<DurableTaskClient>();
        Tasks = tasks;
        Invoker = new FunctionInvoker(host.Services, Client);
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public DurableTaskTestHost Engine { get; }

    /// <summary>The client <c>[DurableClient]</c> hands a trigger: like the Functions host's, it starts new instances on
    /// host.json's <c>defaultVersion</c> (<see cref="OrchestrationVersions.Current"/>), as LocalHost's client does.</summary>
    public DurableTaskClient Client { get; }

    private ServiceProvider Clients { get; }

    public EntryPointTasks Tasks { get; }

    public FunctionInvoker Invoker { get; }

    /// <summary>The worker's host with the given settings (the app settings of the function app).</summary>
    /// <param name="clock">The worker's clock (registered before the application's, which then keeps it); the system
    /// clock when null.</param>
    public static IHost BuildHost(StorageMode storage, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null) =>
        FunctionsAppComposition.CreateBuilder([], storage, builder =>
        {
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            WithoutLocalHostSettingsFiles(builder.Configuration);
            // App Service sets WEBSITE_AUTH_ENABLED itself when authentication is on (infra/bicep/modules/auth.bicep):
            // only then does the worker read x-ms-client-principal, the identity these tests send.
            builder.Configuration.AddInMemoryCollection([new(WorkflowsIdentityRegistration.PlatformAuthenticationSetting, "true")]);
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            AddGeneratedStartup(builder);
        }).Build();

    public static async Task<FunctionsWorld> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var host = BuildHost(StorageMode.InMemory, settings, clock);
        var tasks = new EntryPointTasks(host.Services);
        var port = LoopbackPorts.Free();
        var engine = await DurableTaskTestHost.StartAsync(tasks.AddTo, new DurableTaskTestHostOptions { Port = port });
        var services = new ServiceCollection().AddLogging();
        services.AddDurableTaskClient(b => b.UseGrpc($"http://localhost:{port}").UseDefaultVersion(OrchestrationVersions.Current));
        var clients = services.BuildServiceProvider();
        return new FunctionsWorld(host, engine, clients, tasks);
    }

    /// <summary>The deployed app holds no appsettings.json; the test output does (LocalHost's, copied with its project
    /// reference, with TrustClientPrincipalHeader=false and development API keys), so the worker's configuration
    /// drops the JSON files, as on Azure, where app settings arrive as environment variables.</summary>
    private static void WithoutLocalHostSettingsFiles(ConfigurationManager configuration)
    {
        foreach (var file in configuration.Sources.OfType<FileConfigurationSource>().ToList())
        {
            configuration.Sources.Remove(file);
        }
    }

    /// <summary>
    /// What the worker finds in its entry assembly at start-up (Assembly.GetEntryAssembly() is the test runner
    /// here, so the scan finds nothing): the SDK-generated extension startup (Durable Task, Blobs), the generated
    /// function executor and the generated function metadata provider.
    /// </summary>
    private static void AddGeneratedStartup(FunctionsApplicationBuilder builder)
    {
        new WorkerExtensionStartupCodeExecutor().Configure(builder);
        builder.Services.AddSingleton<IFunctionExecutor, DirectFunctionExecutor>();
        builder.Services.AddSingleton<IFunctionMetadataProvider, GeneratedFunctionMetadataProvider>();
    }

    public async ValueTask DisposeAsync()
    {
        await Clients.DisposeAsync();
        await Engine.DisposeAsync();
        Host.Dispose();
    }
}
