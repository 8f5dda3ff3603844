using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Functions.Hosting;
using Workflows.Functions.Identity;

namespace Workflows.Functions.Http;

/// <summary>Resolves the caller for a state-changing request: a principal, or the 401/403 problem to return.</summary>
public sealed class RequestAuthorization(PrincipalResolver resolver, IOptions<LimitsOptions> limits)
{
    /// <summary>The request limits (<c>Limits:*</c>) the endpoints that read bodies apply.</summary>
    public LimitsOptions Limits => limits.Value;

    /// <summary>
    /// The start of every state-changing JSON endpoint: an authenticated principal in one of <paramref name="allowedRoles"/>
    /// and a JSON object body within <see cref="LimitsOptions.MaxJsonBodyBytes"/>, or the 401/403/400 problem to return.
    /// </summary>
    public async Task<AuthorizedJson> RequireJsonAsync(HttpRequest request, CancellationToken cancellationToken, params Role[] allowedRoles)
    {
        var (principal, problem) = Require(request, allowedRoles);
        if (principal is null)
        {
            return new AuthorizedJson(null, default, problem);
        }

        var body = await JsonBody.ReadObjectAsync(request, cancellationToken, limits.Value.MaxJsonBodyBytes).ConfigureAwait(false);
        return body.Problem is not null
            ? new AuthorizedJson(null, default, body.Problem)
            : new AuthorizedJson(principal, body.Value!.Value, null);
    }

    /// <summary>Requires an authenticated principal, optionally in one of <paramref name="allowedRoles"/>.</summary>
    public (Principal? Principal, IResult? Problem) Require(HttpRequest request, params Role[] allowedRoles)
    {
        var result = resolver.Resolve(request);
        if (result.Principal is null)
        {
            return (
                null,
                ApiProblems.Unauthorized(
                    result.Error
                        ?? $"This request changes state: send an API key in '{PrincipalResolver.ApiKeyHeader}' or sign in through App Service authentication."
                )
            );
        }

        if (allowedRoles.Length > 0 && !allowedRoles.Contains(result.Principal.Role))
        {
            return (
                null,
                ApiProblems.Forbidden($"Role '{result.Principal.Role}' may not do this; allowed: {string.Join(", ", allowedRoles)}.")
            );
        }

        return (result.Principal, null);
    }

    /// <summary>The caller if any (reads are open to anonymous callers only where the endpoint says so).</summary>
    public Principal? Optional(HttpRequest request) => resolver.Resolve(request).Principal;
}

/// <summary>The caller and their JSON body, or the problem to return instead.</summary>
public sealed record AuthorizedJson(Principal? Principal, JsonElement Json, IResult? Problem)
{
    [MemberNotNullWhen(true, nameof(Principal))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Ok => Problem is null && Principal is not null;
}
