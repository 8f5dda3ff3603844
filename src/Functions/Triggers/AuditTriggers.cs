using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;

namespace Workflows.Functions.Triggers;

/// <summary>The audit check of one case against the append-only chain (issue 17 item 4).</summary>
public sealed class AuditTriggers(AuditVerifyApi api)
{
    [Function("VerifyCaseAudit")]
    public Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{id}/audit/verify")] HttpRequest req,
        string id
    ) => ResultActionAdapter.From(api.VerifyAsync(req, id, req.HttpContext.RequestAborted));
}
