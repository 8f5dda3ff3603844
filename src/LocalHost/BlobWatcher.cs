using Microsoft.DurableTask.Client;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;

namespace Workflows.LocalHost;

/// <summary>
/// LocalHost's stand-in for the BlobTrigger: polls the watched containers and gives each new or changed blob to the
/// same <see cref="IBlobDropHandler"/> the Functions BlobTrigger calls, through the same <see cref="DropRunner"/>.
/// At-least-once, like the real trigger: a receipt (container, blob name, ETag) is written only after the handler
/// returned, so one blob version is handled once, and a crash mid-way hands the blob over again on the next start.
/// A blob that keeps failing is quarantined with its error report after <see cref="MaxAttempts"/> attempts.
/// Handlers get LocalHost's durable client as the Functions trigger passes its binding's.
/// </summary>
public sealed class BlobWatcher(
    IEnumerable<IBlobDropHandler> handlers,
    IBlobStore blobs,
    ITableStore tables,
    TimeProvider clock,
    ILogger<BlobWatcher> logger,
    DurableTaskClient client,
    Quarantine? quarantine = null
) : BackgroundService
{
    public const int MaxAttempts = DropRunner.MaxAttempts;

    private readonly DropRunner runner = new(tables, quarantine ?? new Quarantine(blobs, clock), clock, logger);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One pass over every watched container; returns how many blobs were handed to handlers and returned.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        foreach (var handler in handlers)
        {
            foreach (var item in await blobs.ListAsync(handler.Container, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var (attempts, done) = await runner.ReadReceiptAsync(handler.Container, item, cancellationToken).ConfigureAwait(false);
                if (done)
                {
                    continue;
                }

                var content = await blobs.GetAsync(handler.Container, item.Name, cancellationToken).ConfigureAwait(false);
                if (content is null || content.Info.ETag != item.ETag)
                {
                    continue; // changed or gone since the listing; the next pass sees its current version
                }

                var drop = new BlobDrop(handler.Container, item.Name, item.ETag, content.Data, content.ContentType, content.Metadata);
                if (await runner.RunAsync(handler, drop, client, attempts, cancellationToken).ConfigureAwait(false) == DropOutcome.Handled)
                {
                    handled++;
                }
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

    /// <summary>The receipt's row key (see <see cref="DropRunner.ReceiptKey"/>).</summary>
    public static string ReceiptKey(string blobName) => DropRunner.ReceiptKey(blobName);
}
