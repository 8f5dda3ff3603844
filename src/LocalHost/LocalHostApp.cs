using Microsoft.Extensions.Options;
using Workflows.Functions.Cases;
using Workflows.Functions.Configuration;
using Workflows.Functions.Contract;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Identity;
using Workflows.Functions.Storage;
using Workflows.Functions.Telemetry;

namespace Workflows.LocalHost;

/// <summary>Options of one LocalHost run (from the command line and configuration).</summary>
public sealed record LocalHostSettings
{
    public bool InMemory { get; init; }

    public int Port { get; init; } = 7071;

    /// <summary>Task hub name; when null, the <c>WORKFLOWS_TASKHUB</c> setting, else "workflowslocal".</summary>
    public string? TaskHub { get; init; }

    /// <summary>A storage connection string; null means "Azurite, started if needed".</summary>
    public string? StorageConnectionString { get; init; }

    public string RepositoryRoot { get; init; } = RepositoryPaths.FindRoot();

    /// <summary>The blob port of the Azurite started when no storage is configured (queue and table: the next two).</summary>
    public int AzuritePortBase { get; init; } = AzuriteLauncher.DefaultPortBase;

    /// <summary>
    /// Where a started Azurite keeps its data; null: the git-ignored <c>.local/azurite</c> (another port: <c>azurite-{port}</c>).
    /// </summary>
    public string? AzuriteData { get; init; }

    public string AzuriteDataFolder =>
        AzuriteData
        ?? Path.Combine(
            RepositoryRoot,
            ".local",
            AzuritePortBase == AzuriteLauncher.DefaultPortBase ? "azurite" : $"azurite-{AzuritePortBase}"
        );

    public bool RunBackgroundServices { get; init; } = true;

    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>A built LocalHost: the web application and the Azurite it may have started.</summary>
public sealed class LocalHostApp : IAsyncDisposable
{
    private LocalHostApp(WebApplication app, AzuriteLauncher? azurite, LocalHostSettings settings, string storageDescription)
    {
        App = app;
        Azurite = azurite;
        Settings = settings;
        StorageDescription = storageDescription;
    }

    public WebApplication App { get; }

    public AzuriteLauncher? Azurite { get; }

    public LocalHostSettings Settings { get; }

    public string StorageDescription { get; }

    public string BaseUrl => $"http://localhost:{Settings.Port}";

    public static async Task<LocalHostApp> BuildAsync(
        LocalHostSettings settings,
        string[] args,
        Action<string> log,
        CancellationToken cancellationToken = default
    )
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://localhost:{settings.Port}");

        AzuriteLauncher? azurite = null;
        var connection = settings.StorageConnectionString ?? builder.Configuration[SettingNames.Storage];
        var identityBased = !string.IsNullOrEmpty(builder.Configuration[$"{SettingNames.Storage}:accountName"]);
        if (!settings.InMemory && string.IsNullOrEmpty(connection) && !identityBased)
        {
            azurite = await AzuriteLauncher
                .EnsureRunningAsync(settings.RepositoryRoot, settings.AzuriteDataFolder, settings.AzuritePortBase, log, cancellationToken)
                .ConfigureAwait(false);
            connection = AzuriteLauncher.ConnectionStringFor(settings.AzuritePortBase);
        }

        if (!string.IsNullOrEmpty(connection))
        {
            builder.Configuration[SettingNames.Storage] = connection;
        }

        builder.Configuration[SettingNames.TaskHub] = settings.TaskHub ?? builder.Configuration[SettingNames.TaskHub] ?? "workflowslocal";
        var taskHub = builder.Configuration[SettingNames.TaskHub]!;

        builder.Services.AddWorkflowsApplication(
            builder.Configuration,
            settings.InMemory ? StorageMode.InMemory : StorageMode.AzureStorage
        );
        builder.Services.AddLocalDurableEngine(
            settings.InMemory ? DurableBackend.InMemory : DurableBackend.AzureStorage,
            taskHub,
            connection
        );
        if (settings.RunBackgroundServices)
        {
            builder.Services.AddSingleton<BlobWatcher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<BlobWatcher>());
            builder.Services.AddHostedService<TimerScheduler>();
        }

        // The server's own body limit follows the documented Limits section (Kestrel's default 30 MB refused packages
        // between it and MaxPackageBytes); what is larger still gets the documented problem+json, not a bare 413.
        var serverLimit = ServerBodyLimit(
            builder.Configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>() ?? new LimitsOptions()
        );
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = serverLimit);

        var capacityBackend = settings.InMemory ? CapacityBackend.InMemory
            : connection?.Contains("devstoreaccount1", StringComparison.Ordinal) == true ? CapacityBackend.Azurite
            : CapacityBackend.StorageAccount;
        builder.Services.AddValidatedOptions<CapacityOptions>(CapacityOptions.SectionName, builder.Configuration);
        builder.Services.AddSingleton<IHealthContributor>(sp =>
            new CaseCapacityHealth(sp.GetRequiredService<CaseStore>(), sp.GetRequiredService<IOptions<CapacityOptions>>().Value, capacityBackend)
        );
        builder.Services.AddLocalRateLimiting(builder.Configuration);
        builder.Services.AddWorkflowsTelemetry(builder.Configuration, TelemetryHost.LocalHost);

        // No App Service authentication in front of LocalHost: an x-ms-client-principal header is anyone's forgery and
        // gets 401, whatever the configuration says. Only a test (ConfigureServices, registered after) may switch it on.
        builder.Services.PostConfigure<IdentityOptions>(o => o.TrustClientPrincipalHeader = false);
        // Wraps the host's own providers (console), before a test adds its own: a wrapped provider loses the filters
        // keyed by its type (AddFilter<TProvider>), which a test's capturing provider relies on.
        builder.Logging.KeepExpectedConditionsOutOfFailures();
        settings.ConfigureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.Use(
            async (context, next) =>
            {
                try
                {
                    await next(context).ConfigureAwait(false);
                }
                catch (BadHttpRequestException e)
                    when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
                {
                    context.Response.Clear();
                    await ApiProblems
                        .TooLarge(serverLimit, "Limits:MaxPackageBytes, MaxDocumentBytes, MaxJsonBodyBytes")
                        .ExecuteAsync(context)
                        .ConfigureAwait(false);
                }
            }
        );
        app.UseRateLimiter();
        // Undeclared query parameters (400) and callers the route does not admit (401/403) are answered before any
        // handler, as in the Functions worker (QueryContractMiddleware).
        app.Use(
            async (context, next) =>
            {
                if (RouteGate.Refuse(context.Request) is { } refusal)
                {
                    await refusal.ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                await next(context).ConfigureAwait(false);
            }
        );
        app.MapWorkflowsApi();
        app.MapLocalBlobDrops();

        if (!settings.InMemory)
        {
            await app
                .Services.GetRequiredService<IBlobStore>()
                .EnsureContainersAsync(StorageNames.AllContainers, cancellationToken)
                .ConfigureAwait(false);
        }

        var description = app.Services.GetRequiredService<StorageDescription>().Text;
        return new LocalHostApp(app, azurite, settings, description);
    }

    /// <summary>The largest body any route accepts (a package, a document, a units list or a JSON body), plus 64 KiB for
    /// multipart framing; each route then applies its own limit with a problem+json.</summary>
    public static long ServerBodyLimit(LimitsOptions limits) =>
        new long[] { limits.MaxPackageBytes, limits.MaxDocumentBytes, limits.MaxSpreadsheetBytes, limits.MaxJsonBodyBytes }.Max()
        + (64 << 10);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync().ConfigureAwait(false);
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync().ConfigureAwait(false);
        }
    }
}
