using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;

namespace Workflows.Functions.Identity;

/// <summary>The outcome of reading a caller's identity: a principal, anonymous, or a precise reason it was refused.</summary>
public sealed record PrincipalResult(Principal? Principal, string? Error)
{
    public static readonly PrincipalResult Anonymous = new(null, null);
}

/// <summary>
/// Turns a request into the same <see cref="Principal"/> on both hosts: App Service authentication's
/// <c>x-ms-client-principal</c> on Azure (<see cref="ClientPrincipalReader"/>), or an API key from configuration on
/// LocalHost. A principal header the host does not trust is refused (401), never silently read or skipped: anyone can
/// send one, and only App Service authentication (<see cref="IdentityOptions.TrustsClientPrincipal"/>) strips and
/// rewrites it.
/// </summary>
public sealed class PrincipalResolver(IOptions<IdentityOptions> options)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string ClientPrincipalHeader = "x-ms-client-principal";
    public const string RoleClaim = ClientPrincipalReader.RoleClaim;
    public const string AgencyClaim = "workflows_agency";
    public const string UsccClaim = "workflows_uscc";

    public PrincipalResult Resolve(HttpRequest request)
    {
        var opts = options.Value;
        var principalHeader = request.Headers[ClientPrincipalHeader].ToString();
        var apiKey = request.Headers[ApiKeyHeader].ToString();
        if (principalHeader.Length > 0)
        {
            if (!opts.TrustsClientPrincipal)
            {
                return new PrincipalResult(
                    null,
                    $"The '{ClientPrincipalHeader}' header is accepted only behind App Service authentication "
                        + "(WEBSITE_AUTH_ENABLED=true); this host does not trust it."
                );
            }

            return apiKey.Length > 0
                ? new PrincipalResult(null, $"Send either a platform sign-in or '{ApiKeyHeader}', not both.")
                : ClientPrincipalReader.Read(principalHeader, opts);
        }

        return apiKey.Length > 0 ? FromApiKey(apiKey, opts) : PrincipalResult.Anonymous;
    }

    private static PrincipalResult FromApiKey(string key, IdentityOptions opts)
    {
        var match = opts.ApiKeys.FirstOrDefault(k => !string.IsNullOrEmpty(k.Key) && FixedTimeEquals(k.Key, key));
        return match is null
            ? new PrincipalResult(null, "The API key is not recognised.")
            : new PrincipalResult(new Principal(match.Id, match.Name, match.Role, match.Agency, match.Uscc), null);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
