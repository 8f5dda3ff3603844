using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Api;

/// <summary><c>GET /api/quarantine</c>: the quarantined files (with their error reports) of the drop containers the
/// caller's role handles, in their jurisdiction; the dashboard lists them so an officer can tell the uploader.</summary>
public sealed class QuarantineApi(RequestAuthorization authorization, Quarantine quarantine)
{
    private static readonly Role[] Officials =
    [
        Role.RegistrationOfficer,
        Role.AuthorityHead,
        Role.MunicipalDrc,
        Role.ProvincialDrc,
        Role.CountyOffice,
        Role.Administrator,
    ];

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (principal, problem) = authorization.Require(request, Officials);
        if (principal is null)
        {
            return problem!;
        }

        var files = await quarantine.ListAsync(principal, cancellationToken).ConfigureAwait(false);
        return Results.Json(new { total = files.Count, items = files }, CaseJson.Response);
    }
}
