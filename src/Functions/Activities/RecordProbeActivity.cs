using Microsoft.Azure.Functions.Worker;
using Workflows.Functions.Registry;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Activities;

public sealed record RecordProbeInput(string InstanceId, string Note, DateTimeOffset FiredUtc);

public sealed record RecordProbeResult(string Message);

/// <summary>Writes one row per probe instance (idempotent: a replayed activity overwrites the same row).</summary>
public sealed class RecordProbeActivity(ITableStore tables) : IActivity<RecordProbeInput, RecordProbeResult>
{
    public const string ProbeTable = "Probes";

    [Function(nameof(RecordProbeActivity))]
    public Task<RecordProbeResult> RunFunction([ActivityTrigger] RecordProbeInput input, CancellationToken cancellationToken) =>
        RunAsync(input, cancellationToken);

    public async Task<RecordProbeResult> RunAsync(RecordProbeInput input, CancellationToken cancellationToken)
    {
        var message = $"probe {input.InstanceId} fired at {input.FiredUtc:O}: {input.Note}";
        await tables
            .UpsertAsync(
                ProbeTable,
                new TableRow(
                    "probe",
                    input.InstanceId,
                    new Dictionary<string, string>
                    {
                        ["Note"] = input.Note,
                        ["FiredUtc"] = input.FiredUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    }
                ),
                cancellationToken
            )
            .ConfigureAwait(false);
        return new RecordProbeResult(message);
    }
}
