using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Workflows.Functions.Telemetry;

/// <summary>Which host is starting: the Functions worker adds its own instrumentation and Azure Monitor.</summary>
public enum TelemetryHost
{
    FunctionsWorker,
    LocalHost,
}

/// <summary>
/// Wires OpenTelemetry for both hosts in one place: the Workflows meter and activity source, the durable and HTTP
/// sources, and the exporters the configuration asks for. <c>Telemetry:Exporter</c> = <c>console</c> or
/// <c>otlp</c> (endpoint from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) adds that exporter; on the Functions worker,
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> adds Azure Monitor, authenticated with the app identity (local auth
/// is off on the component, infra/bicep/modules/monitoring.bicep).
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ExporterSetting = "Telemetry:Exporter";
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string IdentityClientIdSetting = "AzureWebJobsStorage__clientId";

    /// <summary>
    /// Activity sources besides ours: the Durable Task SDK (orchestrations and activities), the Functions worker,
    /// outgoing HTTP (.NET's own System.Net.Http source) and the Azure SDK clients (storage calls; Azure.* spans).
    /// </summary>
    private static readonly string[] TraceSources =
    [
        WorkflowsTelemetry.SourceName,
        "Microsoft.DurableTask",
        "Microsoft.Azure.Functions.Worker",
        "System.Net.Http",
        "Azure.*",
    ];

    public static IServiceCollection AddWorkflowsTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        TelemetryHost host
    )
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.AddSingleton<WorkflowsMetrics>();
        var exporter = configuration[ExporterSetting]?.Trim().ToLowerInvariant();
        var builder = services
            .AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("workflows"))
            .WithTracing(tracing => AddExporter(tracing.AddSource(TraceSources), exporter))
            .WithMetrics(metrics => AddExporter(metrics.AddMeter(WorkflowsTelemetry.SourceName), exporter));
        if (host == TelemetryHost.FunctionsWorker)
        {
            builder.UseFunctionsWorkerDefaults();
            var connectionString = configuration[ConnectionStringSetting];
            if (!string.IsNullOrWhiteSpace(connectionString))
            {
                var clientId = configuration[IdentityClientIdSetting];
                builder.UseAzureMonitorExporter(options =>
                {
                    options.ConnectionString = connectionString;
                    options.Credential = new ManagedIdentityCredential(
                        string.IsNullOrWhiteSpace(clientId)
                            ? ManagedIdentityId.SystemAssigned
                            : ManagedIdentityId.FromUserAssignedClientId(clientId)
                    );
                });
            }
        }

        return services;
    }

    private static TracerProviderBuilder AddExporter(TracerProviderBuilder tracing, string? exporter) =>
        exporter switch
        {
            "console" => tracing.AddConsoleExporter(),
            "otlp" => tracing.AddOtlpExporter(),
            _ => tracing,
        };

    private static MeterProviderBuilder AddExporter(MeterProviderBuilder metrics, string? exporter) =>
        exporter switch
        {
            "console" => metrics.AddConsoleExporter(),
            "otlp" => metrics.AddOtlpExporter(),
            _ => metrics,
        };
}
