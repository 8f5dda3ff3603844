using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Http;
using Workflows.Functions.Power;

namespace Workflows.Functions.Triggers;

/// <summary>HTTP triggers of the proxy power family (thin: the handlers are shared with LocalHost).</summary>
public sealed class PowerTriggers(PowerApi power)
{
    [Function("OpenProxyPowerObligations")]
    public Task<IActionResult> OpenProxyPowerObligations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "proxy-power-obligations")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(power.OpenObligationsAsync(req, client, req.HttpContext.RequestAborted));

    [Function("OpenProxyPowerUser")]
    public Task<IActionResult> OpenProxyPowerUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "proxy-power-users")] HttpRequest req,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(power.OpenUserAsync(req, client, req.HttpContext.RequestAborted));
}
