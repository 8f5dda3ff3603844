using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Calendar;
using Workflows.Functions.Hosting;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Triggers;

/// <summary>
/// BlobTriggers for the drop containers; each hands the blob to the same <see cref="IBlobDropHandler"/> that
/// LocalHost's blob watcher calls. (The blob trigger keeps its own receipts in the host storage.)
/// </summary>
public sealed class BlobDropTriggers(IBlobStore blobs, CalendarDropHandler calendars, DropRunner runner)
{
    [Function("CalendarDrop")]
    public Task CalendarDrop(
        [BlobTrigger(StorageNames.Calendars + "/{name}", Connection = "AzureWebJobsStorage", Source = BlobTriggerSource.EventGrid)]
            BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        // Activating a year makes the calendar listeners signal open cases, through this binding's client.
        return DispatchAsync(calendars, name, client, cancellationToken);
    }

    internal async Task DispatchAsync(IBlobDropHandler handler, string name, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var content = await blobs.GetAsync(handler.Container, name, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return; // deleted (or moved to quarantine) since the trigger fired
        }

        await runner
            .DispatchAsync(
                (drop, ct) => handler.HandleAsync(drop, client, ct),
                new BlobDrop(handler.Container, name, content.Info.ETag, content.Data, content.ContentType, content.Metadata),
                cancellationToken
            )
            .ConfigureAwait(false);
    }
}
