using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflows.Functions.Api;
using Workflows.Functions.Contract;
using Workflows.Functions.Http;

namespace Workflows.Functions.Triggers;

public sealed class WorklistTriggers(WorklistApi api)
{
    [Function("ListWorklist")]
    [ApiQuery("mine", "q", "procedure", "state", "light", "agency", "page", "pageSize")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "worklist")] HttpRequest req) =>
        ResultActionAdapter.From(api.ListAsync(req, req.HttpContext.RequestAborted));

    [Function("GetCaseActions")]
    public Task<IActionResult> Actions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{id}/actions")] HttpRequest req,
        string id
    ) => ResultActionAdapter.From(api.ActionsAsync(req, id, req.HttpContext.RequestAborted));
}
