using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Factories;
using Workflows.Functions.Http;

namespace Workflows.Functions.Triggers;

/// <summary>HTTP triggers of the standard-factory rounds (thin: the handler is shared with LocalHost).</summary>
public sealed class FactoryTriggers(FactoryRoundsApi rounds)
{
    [Function("OpenStandardFactoryRound")]
    public Task<IActionResult> OpenStandardFactoryRound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "standard-factory-rounds")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(rounds.OpenAsync(req, client, req.HttpContext.RequestAborted));
}
