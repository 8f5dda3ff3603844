using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;
using Workflows.Functions.TwoHigh;

namespace Workflows.Functions.Triggers;

/// <summary>HTTP and blob triggers of the two-high family (thin: the handlers are shared with LocalHost).</summary>
public sealed class TwoHighTriggers(TwoHighApi api, IBlobStore blobs, TwoHighInboxDropHandler inbox, DropRunner runner)
{
    [Function("TwoHighInboxDrop")]
    public async Task TwoHighInboxDrop(
        [BlobTrigger(StorageNames.TwoHighInbox + "/{name}", Connection = "AzureWebJobsStorage", Source = BlobTriggerSource.EventGrid)]
            BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        var content = await blobs.GetAsync(inbox.Container, name, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return; // deleted (or moved to quarantine) since the trigger fired
        }

        await runner
            .DispatchAsync(
                (drop, ct) => inbox.HandleAsync(drop, client, ct),
                new BlobDrop(inbox.Container, name, content.Info.ETag, content.Data, content.ContentType, content.Metadata),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    [Function("PublishTwoHighBarometer")]
    public Task<IActionResult> PublishTwoHighBarometer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "two-high/barometer")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.PublishBarometerAsync(req, client, req.HttpContext.RequestAborted));

    [Function("ListTwoHighProject")]
    public Task<IActionResult> ListTwoHighProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "two-high/projects")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.ListProjectAsync(req, client, req.HttpContext.RequestAborted));
}
