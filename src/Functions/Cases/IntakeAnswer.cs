using Microsoft.AspNetCore.Http;
using Workflows.Functions.Documents;

namespace Workflows.Functions.Cases;

/// <summary>
/// The one answer of every intake route (registrations, deregistrations, revocations, trackers, coal projects,
/// retrofit programmes and projects): <c>Location: /api/cases/{id}</c> and the body
/// <c>{caseId, procedure, created, location}</c>. Asynchronous intakes (the orchestration writes the first state)
/// answer 202 Accepted; the others 201 Created, or 200 when the same filing was already taken (idempotent replay).
/// </summary>
public static class IntakeAnswer
{
    public static string LocationOf(string caseId) => $"/api/cases/{caseId}";

    public static IResult Of(string caseId, string procedure, bool created, bool asynchronous)
    {
        var location = LocationOf(caseId);
        var status =
            asynchronous ? StatusCodes.Status202Accepted
            : created ? StatusCodes.Status201Created
            : StatusCodes.Status200OK;
        var body = Results.Json(
            new
            {
                caseId,
                procedure,
                created,
                location,
            },
            CaseJson.Response,
            statusCode: status
        );
        return new SecuredResult(body, new Dictionary<string, string> { ["Location"] = location });
    }
}
