using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflows.Domain.Calendar;
using Workflows.Functions.Contract;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Notifications;
using Workflows.Functions.Supervision;

namespace Workflows.Functions.Triggers;

/// <summary>Supervision: the daily sweep and the dispatcher timers, the supervision API and the dashboard.</summary>
public sealed class SupervisionTriggers(SupervisionApi api, ComplianceSweep sweep, NotificationDispatcher dispatcher, TimeProvider clock)
{
    /// <summary>08:00 China time (00:00 UTC) every day; the sweep itself skips rest days of the legal calendar.</summary>
    [Function("ComplianceSweepTimer")]
    public Task ComplianceSweep([TimerTrigger(Schedules.ComplianceSweepUtc)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.RunAsync(ChinaTime.Today(clock), cancellationToken);

    [Function("NotificationDispatchTimer")]
    public Task Dispatch([TimerTrigger(Schedules.NotificationDispatchUtc)] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.RunAsync(cancellationToken);

    [Function("RunComplianceSweep")]
    [ApiQuery("date")]
    public Task<IActionResult> RunSweep([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "supervision/sweep")] HttpRequest req) =>
        ResultActionAdapter.From(api.SweepAsync(req, req.HttpContext.RequestAborted));

    [Function("GetSupervisionStats")]
    [ApiQuery("agency")]
    public Task<IActionResult> Stats([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "supervision/stats")] HttpRequest req) =>
        ResultActionAdapter.From(api.StatsAsync(req, req.HttpContext.RequestAborted));

    [Function("GetDigests")]
    [ApiQuery("date", "format", "agency", "department")]
    public Task<IActionResult> Digests([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/digests")] HttpRequest req) =>
        ResultActionAdapter.From(api.DigestsAsync(req, req.HttpContext.RequestAborted));

    [Function("ListNotifications")]
    [ApiQuery("date", "status", "page", "pageSize")]
    public Task<IActionResult> Notifications([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notifications")] HttpRequest req) =>
        ResultActionAdapter.From(api.NotificationsAsync(req, req.HttpContext.RequestAborted));

    /// <summary>The dashboard's static files (Functions routes live under /api: host.json keeps the default prefix).</summary>
    [Function("Dashboard")]
    public static IActionResult Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{*path}")] HttpRequest req,
        string? path
    ) => new ResultActionAdapter(DashboardAssets.Serve(path));
}
