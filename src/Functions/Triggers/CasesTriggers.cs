using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Api;
using Workflows.Functions.Contract;
using Workflows.Functions.Http;

namespace Workflows.Functions.Triggers;

public sealed class CasesTriggers(CasesApi api)
{
    [Function("ListCases")]
    [ApiQuery(typeof(CaseListParameters))]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases")] HttpRequest req) =>
        ResultActionAdapter.From(api.ListAsync(req, req.HttpContext.RequestAborted));

    [Function("GetCase")]
    [ApiQuery("afterEvent", "waitSeconds")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{id}")] HttpRequest req, string id) =>
        ResultActionAdapter.From(api.GetAsync(req, id, req.HttpContext.RequestAborted));

    [Function("PostCaseEvent")]
    public Task<IActionResult> PostEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{id}/events")] HttpRequest req,
        string id,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.PostEventAsync(req, id, client, req.HttpContext.RequestAborted));

    [Function("GetCaseDocument")]
    public Task<IActionResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{id}/documents/{name}")] HttpRequest req,
        string id,
        string name
    ) => ResultActionAdapter.From(api.GetDocumentAsync(req, id, name, req.HttpContext.RequestAborted));
}
