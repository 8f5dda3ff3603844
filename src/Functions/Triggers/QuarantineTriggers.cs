using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflows.Functions.Api;
using Workflows.Functions.Http;

namespace Workflows.Functions.Triggers;

public sealed class QuarantineTriggers(QuarantineApi api)
{
    [Function("ListQuarantine")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "quarantine")] HttpRequest req) =>
        ResultActionAdapter.From(api.ListAsync(req, req.HttpContext.RequestAborted));
}
