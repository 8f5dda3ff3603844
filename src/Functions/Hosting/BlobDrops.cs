using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Hosting;

/// <summary>A blob handed to a handler: one version (ETag) of one blob in a watched container.</summary>
public sealed record BlobDrop(
    string Container,
    string Name,
    string ETag,
    byte[] Data,
    string ContentType,
    IReadOnlyDictionary<string, string> Metadata
);

/// <summary>
/// Handles new or changed blobs of one container. The Functions BlobTrigger and LocalHost's blob watcher both call
/// it; delivery is at-least-once, so handlers must be idempotent for the same blob version.
/// </summary>
public interface IBlobDropHandler
{
    string Container { get; }

    /// <summary>Handles one drop; <paramref name="client"/> is the durable client of the host that delivered it (the
    /// Functions trigger's <c>[DurableClient]</c> binding, LocalHost's registered client).</summary>
    Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken);
}

/// <summary>A scheduled job: the same NCRONTAB expression (six fields, evaluated in China Standard Time) drives the
/// Functions TimerTrigger (through its UTC twin, see <see cref="Schedules"/>) and LocalHost's scheduler.</summary>
public interface IScheduledJob
{
    string Name { get; }

    /// <summary>NCRONTAB with seconds, in China Standard Time.</summary>
    string ChinaTimeSchedule { get; }

    Task RunAsync(DateTimeOffset firedAtUtc, DurableTaskClient client, CancellationToken cancellationToken);
}

/// <summary>How one delivery of a drop ended.</summary>
public enum DropOutcome
{
    /// <summary>The handler returned (it may itself have quarantined a bad file).</summary>
    Handled,

    /// <summary>The handler threw; the host delivers the blob again.</summary>
    Failed,

    /// <summary>The handler threw for the last allowed time, or the name cannot be handled: moved to quarantine.</summary>
    Quarantined,
}

/// <summary>
/// Runs a drop handler with bounded retries, the same way on both hosts (LocalHost's watcher and the Functions
/// BlobTrigger): attempts are counted per blob version in <c>BlobReceipts</c>, and the <see cref="MaxAttempts"/>-th
/// failure moves the file to quarantine with its error report instead of failing again, so a drop always ends
/// somewhere. A blob whose name Azure Storage cannot hold as given (<see cref="AzureStorageRules.BlobNameProblem"/>)
/// is quarantined at once under a safe name.
/// </summary>
public sealed class DropRunner(ITableStore tables, Quarantine quarantine, TimeProvider clock, ILogger logger)
{
    public const int MaxAttempts = 5;

    public const string HandlerFailedRule = "drop.handler-failed";

    /// <summary>Blob names may hold characters Table row keys refuse ('/', '#', '?', '\\'): hex-encode them; a name
    /// too long for a 1 KiB row key is keyed by its SHA-256 instead.</summary>
    public static string ReceiptKey(string blobName)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(blobName);
        return bytes.Length <= 200
            ? Convert.ToHexString(bytes)
            : "H" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
    }

    /// <summary>Attempts already made on this version (0 when none, or when the receipt is for another version).</summary>
    public async Task<(int Attempts, bool Done)> ReadReceiptAsync(string container, BlobItemInfo item, CancellationToken cancellationToken)
    {
        var receipt = await tables
            .GetAsync(StorageNames.BlobReceiptsTable, container, ReceiptKey(item.Name), cancellationToken)
            .ConfigureAwait(false);
        if (receipt?.Get("ETag") != item.ETag)
        {
            return (0, false);
        }

        var attempts = int.Parse(receipt.Get("Attempts") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return (attempts, receipt.Get("Status") is "handled" or "quarantined" || attempts >= MaxAttempts);
    }

    /// <summary>Runs <paramref name="handler"/> on <paramref name="drop"/>, <paramref name="previousAttempts"/> having failed.</summary>
    public Task<DropOutcome> RunAsync(
        IBlobDropHandler handler,
        BlobDrop drop,
        DurableTaskClient client,
        int previousAttempts,
        CancellationToken cancellationToken
    ) => RunAsync((d, ct) => handler.HandleAsync(d, client, ct), drop, previousAttempts, cancellationToken);

    /// <summary>The Functions BlobTrigger's path: counts this delivery against the blob version's receipt; a failure
    /// before the last attempt is rethrown so the host delivers the blob again.</summary>
    public async Task DispatchAsync(Func<BlobDrop, CancellationToken, Task> handle, BlobDrop drop, CancellationToken cancellationToken)
    {
        var info = new BlobItemInfo(drop.Container, drop.Name, drop.ETag, drop.Data.Length, DateTimeOffset.MinValue);
        var (attempts, done) = await ReadReceiptAsync(drop.Container, info, cancellationToken).ConfigureAwait(false);
        if (!done && await RunAsync(handle, drop, attempts, cancellationToken).ConfigureAwait(false) == DropOutcome.Failed)
        {
            throw new InvalidOperationException(
                $"Blob {drop.Container}/{drop.Name} failed (attempt {attempts + 1} of {MaxAttempts}); the host retries it."
            );
        }
    }

    public async Task<DropOutcome> RunAsync(
        Func<BlobDrop, CancellationToken, Task> handle,
        BlobDrop drop,
        int previousAttempts,
        CancellationToken cancellationToken
    )
    {
        if (AzureStorageRules.BlobNameProblem(drop.Name) is { } nameProblem)
        {
            await quarantine
                .MoveAsync(
                    drop,
                    [new ApiError("name", AzureStorageRules.BlobNameRule, $"The file name cannot be handled: {nameProblem}.")],
                    cancellationToken
                )
                .ConfigureAwait(false);
            await WriteReceiptAsync(drop, "quarantined", previousAttempts, nameProblem, cancellationToken).ConfigureAwait(false);
            return DropOutcome.Quarantined;
        }

        try
        {
            await handle(drop, cancellationToken).ConfigureAwait(false);
            await WriteReceiptAsync(drop, "handled", previousAttempts, null, cancellationToken).ConfigureAwait(false);
            return DropOutcome.Handled;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var attempts = previousAttempts + 1;
            logger.LogError(
                e,
                "Blob {Container}/{Name} failed (attempt {Attempt} of {Max}).",
                drop.Container,
                drop.Name,
                attempts,
                MaxAttempts
            );
            if (attempts < MaxAttempts)
            {
                await WriteReceiptAsync(drop, "failed", attempts, e.Message, cancellationToken).ConfigureAwait(false);
                return DropOutcome.Failed;
            }

            await quarantine
                .MoveAsync(
                    drop,
                    [
                        new ApiError(
                            "file",
                            HandlerFailedRule,
                            $"处理失败 {MaxAttempts} 次，已移入隔离区 / The file failed {MaxAttempts} times and was quarantined: {e.Message}"
                        ),
                    ],
                    cancellationToken
                )
                .ConfigureAwait(false);
            await WriteReceiptAsync(drop, "poison", attempts, e.Message, cancellationToken).ConfigureAwait(false);
            return DropOutcome.Quarantined;
        }
    }

    private Task<string> WriteReceiptAsync(
        BlobDrop drop,
        string status,
        int attempts,
        string? error,
        CancellationToken cancellationToken
    ) =>
        tables.UpsertAsync(
            StorageNames.BlobReceiptsTable,
            new TableRow(
                drop.Container,
                ReceiptKey(drop.Name),
                new Dictionary<string, string>
                {
                    ["Name"] = drop.Name.Length > 4000 ? drop.Name[..4000] : drop.Name,
                    ["ETag"] = drop.ETag,
                    ["Status"] = status,
                    ["Attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Error"] = error is { Length: > 4000 } ? error[..4000] : error ?? string.Empty,
                    ["At"] = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                }
            ),
            cancellationToken
        );
}
