using System.Globalization;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;

namespace Workflows.LocalHost;

/// <summary>
/// LocalHost's stand-in for the BlobTrigger: polls the watched containers and gives each new or changed blob to the
/// same <see cref="IBlobDropHandler"/> the Functions BlobTrigger calls. At-least-once, like the real trigger: a receipt
/// (container, blob name, ETag) is written only after the handler returned, so one blob version is handled once,
/// and a crash mid-way hands the blob over again on the next start.
/// </summary>
public sealed class BlobWatcher(IEnumerable<IBlobDropHandler> handlers, IBlobStore blobs, ITableStore tables, TimeProvider clock, ILogger<BlobWatcher> logger) : BackgroundService
{
    public const int MaxAttempts = 5;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One pass over every watched container; returns how many blobs were handed to handlers.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        foreach (var handler in handlers)
        {
            foreach (var item in await blobs.ListAsync(handler.Container, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var rowKey = ReceiptKey(item.Name);
                var receipt = await tables.GetAsync(StorageNames.BlobReceiptsTable, handler.Container, rowKey, cancellationToken).ConfigureAwait(false);
                var attempts = receipt?.Get("ETag") == item.ETag ? int.Parse(receipt.Get("Attempts") ?? "0", CultureInfo.InvariantCulture) : 0;
                if (receipt?.Get("ETag") == item.ETag && (receipt.Get("Status") == "handled" || attempts >= MaxAttempts))
                {
                    continue;
                }

                var content = await blobs.GetAsync(handler.Container, item.Name, cancellationToken).ConfigureAwait(false);
                if (content is null || content.Info.ETag != item.ETag)
                {
                    continue; // changed or gone since the listing; the next pass sees its current version
                }

                string status;
                string? error = null;
                try
                {
                    await handler.HandleAsync(new BlobDrop(handler.Container, item.Name, item.ETag, content.Data, content.ContentType, content.Metadata), cancellationToken).ConfigureAwait(false);
                    status = "handled";
                    handled++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    attempts++;
                    status = attempts >= MaxAttempts ? "poison" : "failed";
                    error = e.Message;
                    logger.LogError(e, "Blob {Container}/{Name} failed (attempt {Attempt} of {Max}).", handler.Container, item.Name, attempts, MaxAttempts);
                }

                await tables.UpsertAsync(StorageNames.BlobReceiptsTable, new TableRow(handler.Container, rowKey, new Dictionary<string, string>
                {
                    ["Name"] = item.Name,
                    ["ETag"] = item.ETag,
                    ["Status"] = status,
                    ["Attempts"] = attempts.ToString(CultureInfo.InvariantCulture),
                    ["Error"] = error ?? string.Empty,
                    ["At"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                }), cancellationToken).ConfigureAwait(false);
            }
        }

        return handled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Blob watcher pass failed; retrying.");
            }

            try
            {
                await Task.Delay(PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Blob names may hold characters Table row keys refuse ('/', '#', '?', '\\'): hex-encode them.</summary>
    public static string ReceiptKey(string blobName) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(blobName));
}
