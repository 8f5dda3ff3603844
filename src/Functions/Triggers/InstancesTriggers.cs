using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Api;
using Workflows.Functions.Http;

namespace Workflows.Functions.Triggers;

public sealed class InstancesTriggers(InstancesApi api)
{
    [Function("StartTimerProbe")]
    public Task<IActionResult> StartTimerProbe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "probes/timer")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.StartTimerProbeAsync(req, client, req.HttpContext.RequestAborted));

    [Function("GetInstance")]
    public Task<IActionResult> GetInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "instances/{id}")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.GetAsync(req, id, client, req.HttpContext.RequestAborted));
}
