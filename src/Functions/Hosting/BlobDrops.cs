namespace Workflows.Functions.Hosting;

/// <summary>A blob handed to a handler: one version (ETag) of one blob in a watched container.</summary>
public sealed record BlobDrop(string Container, string Name, string ETag, byte[] Data, string ContentType, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Handles new or changed blobs of one container. The Functions BlobTrigger and LocalHost's blob watcher both call
/// it; delivery is at-least-once, so handlers must be idempotent for the same blob version.
/// </summary>
public interface IBlobDropHandler
{
    string Container { get; }

    Task HandleAsync(BlobDrop drop, CancellationToken cancellationToken);
}

/// <summary>A scheduled job: the same NCRONTAB expression (six fields, evaluated in China Standard Time) drives the
/// Functions TimerTrigger (through its UTC twin, see <see cref="Schedules"/>) and LocalHost's scheduler.</summary>
public interface IScheduledJob
{
    string Name { get; }

    /// <summary>NCRONTAB with seconds, in China Standard Time.</summary>
    string ChinaTimeSchedule { get; }

    Task RunAsync(DateTimeOffset firedAtUtc, CancellationToken cancellationToken);
}
