using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Workflows.Domain.Access;
using Workflows.Functions.Telemetry;

namespace Workflows.LocalHost.Tests;

/// <summary>Issue 18: a case opened through the API is counted per procedure where the intake creates it, read back
/// through the OpenTelemetry in-memory exporter of the host that served the request.</summary>
public sealed class CaseMetricsTests : IAsyncLifetime
{
    private readonly List<Metric> metrics = [];
    private PolicyHost host = null!;
    private MeterProvider provider = null!;

    public async Task InitializeAsync()
    {
        host = await PolicyHost.StartAsync(s => s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)));
        // The provider listens from when it is built: built now, before the request it must see (the host's background
        // services, which would build it, are off in the policy host).
        provider = host.Services.GetRequiredService<MeterProvider>();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Registration_OpenedOverHttp_CountedAsOpenedForItsProcedure()
    {
        var body = File.ReadAllText(Path.Combine(RepositoryPaths.FindRoot(), "samples", "registration", "application-complete.json"));
        var key = PolicyHost.Key(Role.Enterprise, PolicyHost.City);

        var (first, text) = await host.SendAsync(HttpMethod.Post, "/api/registrations", key, body);
        Assert.True(first == HttpStatusCode.Accepted, text);

        // The exporter listens to the meter by name, process-wide: hosts of tests running in parallel add to the same
        // instrument, so this host's case is at least one of those counted (none, when intake records nothing).
        Assert.True(OpenedFor("registration") >= 1, "No registration case was counted as opened.");
    }

    private long OpenedFor(string procedure)
    {
        provider.ForceFlush();
        var metric = metrics.LastOrDefault(m => m.Name == WorkflowsTelemetry.CasesOpened);
        Assert.True(metric is not null, "No cases-opened metric was exported.");
        long total = 0;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == WorkflowsTelemetry.ProcedureTag && Equals(tag.Value, procedure))
                {
                    total += point.GetSumLong();
                }
            }
        }

        return total;
    }
}
