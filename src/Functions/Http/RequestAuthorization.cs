using Microsoft.AspNetCore.Http;
using Workflows.Domain.Access;
using Workflows.Functions.Identity;

namespace Workflows.Functions.Http;

/// <summary>Resolves the caller for a state-changing request: a principal, or the 401/403 problem to return.</summary>
public sealed class RequestAuthorization(PrincipalResolver resolver)
{
    /// <summary>Requires an authenticated principal, optionally in one of <paramref name="allowedRoles"/>.</summary>
    public (Principal? Principal, IResult? Problem) Require(HttpRequest request, params Role[] allowedRoles)
    {
        var result = resolver.Resolve(request);
        if (result.Principal is null)
        {
            return (null, ApiProblems.Unauthorized(result.Error
                ?? $"This request changes state: send an API key in '{PrincipalResolver.ApiKeyHeader}' or sign in through App Service authentication."));
        }

        if (allowedRoles.Length > 0 && !allowedRoles.Contains(result.Principal.Role))
        {
            return (null, ApiProblems.Forbidden(
                $"Role '{result.Principal.Role}' may not do this; allowed: {string.Join(", ", allowedRoles)}."));
        }

        return (result.Principal, null);
    }

    /// <summary>The caller if any (reads are open to anonymous callers only where the endpoint says so).</summary>
    public Principal? Optional(HttpRequest request) => resolver.Resolve(request).Principal;
}
