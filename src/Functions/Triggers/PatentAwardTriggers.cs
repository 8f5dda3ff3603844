using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Http;
using Workflows.Functions.PatentAward;

namespace Workflows.Functions.Triggers;

/// <summary>HTTP triggers of the mayor's patent award (thin: the handlers are shared with LocalHost).</summary>
public sealed class PatentAwardTriggers(PatentAwardApi api)
{
    [Function("OpenPatentAwardRound")]
    public Task<IActionResult> OpenPatentAwardRound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "patent-award-rounds")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.OpenRoundAsync(req, client, req.HttpContext.RequestAborted));

    [Function("ApplyForPatentAward")]
    public Task<IActionResult> ApplyForPatentAward(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "patent-award-applications")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.ApplyAsync(req, client, req.HttpContext.RequestAborted));
}
