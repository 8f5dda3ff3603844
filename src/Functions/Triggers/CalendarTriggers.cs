using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflows.Functions.Api;
using Workflows.Functions.Contract;
using Workflows.Functions.Http;

namespace Workflows.Functions.Triggers;

public sealed class CalendarTriggers(CalendarApi calendar, IdentifiersApi identifiers)
{
    [Function("GetCalendarDeadline")]
    [ApiQuery("from", "workingDays", "calendarDays", "months", "years", "noticeDays")]
    public Task<IActionResult> GetDeadline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/deadline")] HttpRequest req
    ) => ResultActionAdapter.From(calendar.GetDeadlineAsync(req, req.HttpContext.RequestAborted));

    [Function("GetCalendarYear")]
    public Task<IActionResult> GetYear(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/{year}")] HttpRequest req,
        string year
    ) => ResultActionAdapter.From(calendar.GetYearAsync(year, req.HttpContext.RequestAborted));

    [Function("CheckUscc")]
    public IActionResult CheckUscc(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "identifiers/uscc/{code}")] HttpRequest req,
        string code
    ) => new ResultActionAdapter(identifiers.CheckUscc(code));

    [Function("CheckResidentId")]
    public IActionResult CheckResidentId(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "identifiers/resident-id/{id}")] HttpRequest req,
        string id
    ) => new ResultActionAdapter(identifiers.CheckResidentId(id));
}
