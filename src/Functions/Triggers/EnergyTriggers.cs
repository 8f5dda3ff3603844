using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Contract;
using Workflows.Functions.Energy;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Triggers;

/// <summary>HTTP and blob triggers of the energy procedures (thin: the handlers are shared with LocalHost).</summary>
public sealed class EnergyTriggers(
    CoalProjectsApi coal,
    RetrofitApi retrofit,
    IBlobStore blobs,
    CoalInboxDropHandler coalInbox,
    CoalReportsDropHandler coalReports,
    RetrofitInboxDropHandler retrofitInbox,
    DropRunner runner
)
{
    [Function("CreateCoalProject")]
    public Task<IActionResult> CreateCoalProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "coal-projects")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(coal.CreateProjectAsync(req, client, req.HttpContext.RequestAborted));

    [Function("RegisterCoalSource")]
    public Task<IActionResult> RegisterCoalSource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "coal-sources")] HttpRequest req
    ) => ResultActionAdapter.From(coal.RegisterSourceAsync(req, req.HttpContext.RequestAborted));

    [Function("AllocateCoalSource")]
    public Task<IActionResult> AllocateCoalSource(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "coal-projects/{id}/sources")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(coal.AllocateSourceAsync(req, id, client, req.HttpContext.RequestAborted));

    [Function("UploadCoalReport")]
    [ApiQuery("name")]
    public Task<IActionResult> UploadCoalReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "coal-projects/{id}/report")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(coal.UploadReportAsync(req, id, client, req.HttpContext.RequestAborted));

    [Function("ListCoalProjectSources")]
    public Task<IActionResult> ListCoalProjectSources(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "coal-projects/{id}/sources")] HttpRequest req,
        string id
    ) => ResultActionAdapter.From(coal.ProjectSourcesAsync(req, id, req.HttpContext.RequestAborted));

    [Function("CreateCoalSuspension")]
    public Task<IActionResult> CreateCoalSuspension(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "coal-suspensions")] HttpRequest req
    ) => ResultActionAdapter.From(coal.CreateSuspensionAsync(req, req.HttpContext.RequestAborted));

    [Function("ListCoalSuspensions")]
    public Task<IActionResult> ListCoalSuspensions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "coal-suspensions")] HttpRequest req
    ) => ResultActionAdapter.From(coal.ListSuspensionsAsync(req, req.HttpContext.RequestAborted));

    [Function("LiftCoalSuspension")]
    public Task<IActionResult> LiftCoalSuspension(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "coal-suspensions/{id}")] HttpRequest req,
        string id
    ) => ResultActionAdapter.From(coal.LiftSuspensionAsync(req, id, req.HttpContext.RequestAborted));

    [Function("CreateRetrofitProgramme")]
    public Task<IActionResult> CreateRetrofitProgramme(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "retrofit-programmes")] HttpRequest req
    ) => ResultActionAdapter.From(retrofit.CreateProgrammeAsync(req, req.HttpContext.RequestAborted));

    [Function("StartRetrofitProgramme")]
    public Task<IActionResult> StartRetrofitProgramme(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "retrofit-programmes/{id}/start")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(retrofit.StartProgrammeAsync(req, id, client, req.HttpContext.RequestAborted));

    [Function("ImportRetrofitUnits")]
    [ApiQuery("name", "encoding")]
    public Task<IActionResult> ImportRetrofitUnits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "retrofit-programmes/{id}/units")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(retrofit.ImportUnitsAsync(req, id, client, req.HttpContext.RequestAborted));

    [Function("CreateRetrofitProject")]
    public Task<IActionResult> CreateRetrofitProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "retrofit-projects")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(retrofit.CreateProjectAsync(req, client, req.HttpContext.RequestAborted));

    [Function("CoalInboxDrop")]
    public Task CoalInboxDrop(
        [BlobTrigger(StorageNames.CoalInbox + "/{name}", Connection = "AzureWebJobsStorage", Source = BlobTriggerSource.EventGrid)]
            BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken
    ) => DispatchAsync(coalInbox, name, client, cancellationToken);

    [Function("CoalReportsDrop")]
    public Task CoalReportsDrop(
        [BlobTrigger(StorageNames.CoalReports + "/{name}", Connection = "AzureWebJobsStorage", Source = BlobTriggerSource.EventGrid)]
            BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken
    ) => DispatchAsync(coalReports, name, client, cancellationToken);

    [Function("RetrofitInboxDrop")]
    public Task RetrofitInboxDrop(
        [BlobTrigger(StorageNames.RetrofitInbox + "/{name}", Connection = "AzureWebJobsStorage", Source = BlobTriggerSource.EventGrid)]
            BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken
    ) => DispatchAsync(retrofitInbox, name, client, cancellationToken);

    private async Task DispatchAsync(EnergyDropHandler handler, string name, DurableTaskClient client, CancellationToken cancellationToken)
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
