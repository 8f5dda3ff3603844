using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Triggers;

/// <summary>HTTP intake of the Decree 746 procedures and the registrations-inbox blob trigger (thin: the work is in
/// <see cref="MarketEntitiesApi"/> and <see cref="RegistrationDropHandler"/>, which LocalHost calls too).</summary>
public sealed class MarketEntityTriggers(MarketEntitiesApi api, RegistrationDropHandler drops, IBlobStore blobs, DropRunner runner)
{
    [Function("PostRegistration")]
    public Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "registrations")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.RegisterAsync(req, client, req.HttpContext.RequestAborted));

    [Function("PostSimplifiedDeregistration")]
    public Task<IActionResult> Simplified(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "deregistrations/simplified")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.DeregisterAsync(req, client, individualBusinessRoute: false, req.HttpContext.RequestAborted));

    [Function("PostIndividualBusinessDeregistration")]
    public Task<IActionResult> IndividualBusiness(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "deregistrations/individual-business")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.DeregisterAsync(req, client, individualBusinessRoute: true, req.HttpContext.RequestAborted));

    [Function("PostRevocation")]
    public Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "revocations")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.RevokeAsync(req, client, req.HttpContext.RequestAborted));

    [Function("PostTracker")]
    public Task<IActionResult> Track(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "trackers")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.TrackAsync(req, client, req.HttpContext.RequestAborted));

    [Function("RegistrationsInboxDrop")]
    public async Task RegistrationsInboxDrop(
        [BlobTrigger(StorageNames.RegistrationsInbox + "/{name}", Connection = "AzureWebJobsStorage", Source = BlobTriggerSource.EventGrid)]
            BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        var content = await blobs.GetAsync(drops.Container, name, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return; // deleted (or moved to quarantine) since the trigger fired
        }

        await runner
            .DispatchAsync(
                (drop, ct) => drops.HandleAsync(drop, client, ct),
                new BlobDrop(drops.Container, name, content.Info.ETag, content.Data, content.ContentType, content.Metadata),
                cancellationToken
            )
            .ConfigureAwait(false);
    }
}
