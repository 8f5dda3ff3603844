using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workflows.Functions.Api;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Configuration;
using Workflows.Functions.Energy;
using Workflows.Functions.Factories;
using Workflows.Functions.PatentAward;
using Workflows.Functions.Power;
using Workflows.Functions.Http;
using Workflows.Functions.Identity;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Notifications;
using Workflows.Functions.Registry;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;
using Workflows.Functions.TwoHigh;

namespace Workflows.Functions.Hosting;

/// <summary>Where cases, deadlines, audit rows and documents live.</summary>
public enum StorageMode
{
    /// <summary>Azure Table and Blob storage (Azure, or Azurite locally).</summary>
    AzureStorage,

    /// <summary>Process memory (<c>--in-memory</c> and fast tests).</summary>
    InMemory,
}

/// <summary>The application's services, registered the same way by the Functions host and by LocalHost.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    public static IServiceCollection AddWorkflowsApplication(
        this IServiceCollection services,
        IConfiguration configuration,
        StorageMode storage
    )
    {
        services.TryAddSingleton(TimeProvider.System);
        // The task hub is one flat app setting (host.json reads %WORKFLOWS_TASKHUB%), not a section.
        services
            .AddOptions<WorkflowsOptions>()
            .Configure(o => o.TaskHub = configuration[SettingNames.TaskHub] ?? o.TaskHub)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddWorkflowsIdentity(configuration);
        services.AddValidatedOptions<LimitsOptions>(LimitsOptions.SectionName, configuration);
        services.AddSingleton<RequestAuthorization>();
        // Server-written texts in the reader's language (src/Functions/Texts/ServerTexts*.resx, issue 16).
        services.AddLocalization();
        services.AddSingleton<Workflows.Functions.Texts.ServerTexts>();

        if (storage == StorageMode.InMemory)
        {
            services.AddSingleton<ITableStore, InMemoryTableStore>();
            services.AddSingleton<IBlobStore, InMemoryBlobStore>();
            services.AddSingleton(new StorageDescription("in-memory (lost on exit)"));
        }
        else
        {
            services.AddSingleton(sp => new StorageClients(configuration));
            services.AddSingleton<ITableStore>(sp => new AzureTableStore(sp.GetRequiredService<StorageClients>().Tables));
            services.AddSingleton<IBlobStore>(sp => new AzureBlobStore(sp.GetRequiredService<StorageClients>().Blobs));
            services.AddSingleton(sp => new StorageDescription(sp.GetRequiredService<StorageClients>().Description));
        }

        services.AddSingleton<CaseStore>();
        services.AddSingleton<AuditChain>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AuditVerifyApi>();
        services.AddSingleton<DeadlineIndex>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<Quarantine>();
        services.AddSingleton(sp => new DropRunner(
            sp.GetRequiredService<ITableStore>(),
            sp.GetRequiredService<Quarantine>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DropRunner>>()
        ));
        services.AddSingleton<EntityProcedureLocks>();
        services.AddSingleton<CaseIntake>();
        services.AddSingleton<CaseProcedureCatalog>();

        services.AddSingleton<CalendarService>();
        services.AddSingleton<IHealthContributor>(sp => sp.GetRequiredService<CalendarService>());
        services.AddSingleton<CalendarDropHandler>();
        services.AddSingleton<IBlobDropHandler>(sp => sp.GetRequiredService<CalendarDropHandler>());

        services.AddActivityServices();
        services.AddSingleton<HealthApi>();
        services.AddSingleton<InstancesApi>();
        services.AddSingleton<CalendarApi>();
        services.AddSingleton<IdentifiersApi>();
        services.AddSingleton<CaseEventAcceptance>();
        services.AddSingleton<CasesApi>();
        services.AddSingleton<QuarantineApi>();
        services.AddSingleton<Contract.OpenApiDocument>();
        services.AddSingleton<Contract.ContractApi>();
        // Every JSON answer in UTF-8 as it is, also those written with the hosts' default options (calendar, health,
        // identifiers): no \uXXXX for Chinese (RFC 8259 §8.1), as CaseJson.Response (issue 15).
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping
        );
        services.AddSingleton<WorklistApi>();

        services.AddMarketEntities();
        services.AddEnergy();
        services.AddStandardFactories();
        services.AddTwoHigh();
        services.AddProxyPower();
        services.AddSupervision();
        services.AddPatentAward();
        return services;
    }
}

/// <summary>Human-readable description of where data lives, printed at start-up and shown in health.</summary>
public sealed record StorageDescription(string Text);
