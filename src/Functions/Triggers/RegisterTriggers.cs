using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Workflows.Functions.Contract;
using Workflows.Functions.Http;
using Workflows.Functions.MarketEntities;

namespace Workflows.Functions.Triggers;

/// <summary>HTTP routes of the register of market entities and the disqualifications (thin: the work is in
/// <see cref="RegisterApi"/>, which LocalHost calls too).</summary>
public sealed class RegisterTriggers(RegisterApi api, ObligationOpener opener)
{
    [Function("ListRegister")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "register")] HttpRequest req) =>
        ResultActionAdapter.From(api.ListAsync(req, req.HttpContext.RequestAborted));

    [Function("GetRegisterEntry")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "register/{uscc}")] HttpRequest req,
        string uscc
    ) => ResultActionAdapter.From(api.GetAsync(req, uscc, req.HttpContext.RequestAborted));

    [Function("PostRegisterChange")]
    public Task<IActionResult> Change(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "register/{uscc}/changes")] HttpRequest req,
        string uscc,
        [DurableClient] DurableTaskClient client
    ) => ResultActionAdapter.From(api.ChangeAsync(req, uscc, req.HttpContext.RequestAborted, client));

    /// <summary>Opens the register's pending obligations (Art. 37 para 3, Art. 30) every minute.</summary>
    [Function("RegisterObligationsTimer")]
    public Task OpenObligations(
        [TimerTrigger(Hosting.Schedules.ObligationOpenerUtc)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken
    ) => opener.OpenPendingAsync(client, cancellationToken);

    [Function("PostRegisterImport")]
    [ApiQuery("name", "encoding")]
    public Task<IActionResult> Import([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "register/import")] HttpRequest req) =>
        ResultActionAdapter.From(api.ImportAsync(req, req.HttpContext.RequestAborted));

    [Function("PostDisqualificationsImport")]
    [ApiQuery("name", "encoding")]
    public Task<IActionResult> ImportDisqualifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "disqualifications/import")] HttpRequest req
    ) => ResultActionAdapter.From(api.ImportDisqualificationsAsync(req, req.HttpContext.RequestAborted));

    [Function("PostDisqualifications")]
    public Task<IActionResult> Disqualify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "disqualifications")] HttpRequest req
    ) => ResultActionAdapter.From(api.DisqualifyAsync(req, req.HttpContext.RequestAborted));

    [Function("ListDisqualifications")]
    [ApiQuery("status", "disqualification", "name")]
    public Task<IActionResult> ListDisqualifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "disqualifications")] HttpRequest req
    ) => ResultActionAdapter.From(api.ListDisqualificationsAsync(req, req.HttpContext.RequestAborted));

    [Function("PostDisqualificationLift")]
    public Task<IActionResult> LiftDisqualification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "disqualifications/{reference}/lift")] HttpRequest req,
        string reference
    ) => ResultActionAdapter.From(api.LiftDisqualificationAsync(req, reference, req.HttpContext.RequestAborted));
}
