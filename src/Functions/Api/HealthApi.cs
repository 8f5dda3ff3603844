using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Api;

/// <summary>
/// <c>GET /api/health</c>: storage reachable, task hub reachable, which calendar years are loaded, and the sections of the
/// other contributors (notification backlog and failing channels, files quarantined in the last day).
/// </summary>
public sealed class HealthApi(
    ITableStore tables,
    IEnumerable<IHealthContributor> contributors,
    IOptions<WorkflowsOptions> options,
    StorageDescription storageDescription
)
{
    public async Task<IResult> GetAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var storage = await Probe(() => tables.PingAsync(timeout.Token)).ConfigureAwait(false);
        var taskHub = await Probe(() => client.GetInstanceAsync("health-probe", getInputsAndOutputs: false, timeout.Token))
            .ConfigureAwait(false);
        var details = new Dictionary<string, object?>
        {
            ["storage"] = new
            {
                storage.ok,
                storage.error,
                location = storageDescription.Text,
            },
            ["taskHub"] = new
            {
                taskHub.ok,
                taskHub.error,
                name = options.Value.TaskHub,
            },
        };
        var healthy = storage.ok && taskHub.ok;
        foreach (var contributor in contributors)
        {
            var (ok, detail) = await contributor.CheckAsync(timeout.Token).ConfigureAwait(false);
            details[contributor.Name] = detail;
            healthy &= ok;
        }

        details["status"] = healthy ? "healthy" : "unhealthy";
        return Results.Json(details, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<(bool ok, string? error)> Probe(Func<Task> probe)
    {
        try
        {
            await probe().ConfigureAwait(false);
            return (true, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (false, e.GetType().Name + ": " + e.Message);
        }
    }
}
