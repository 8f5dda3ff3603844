using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;

namespace Workflows.Functions.Identity;

/// <summary>An API key configured for LocalHost (or for agency systems calling directly): the key and who it stands for.</summary>
public sealed class ApiKeyOptions
{
    public string Key { get; set; } = string.Empty;

    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public Role Role { get; set; }

    public string Agency { get; set; } = string.Empty;

    public string? Uscc { get; set; }
}

public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>Trust App Service authentication's <c>x-ms-client-principal</c> header. Only true where App Service
    /// authentication strips that header from incoming requests (Azure); never on LocalHost.</summary>
    public bool TrustClientPrincipalHeader { get; set; }

    /// <summary>API keys accepted in the <c>X-Api-Key</c> header.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}

/// <summary>The outcome of reading a caller's identity: a principal, anonymous, or a precise reason it was refused.</summary>
public sealed record PrincipalResult(Principal? Principal, string? Error)
{
    public static readonly PrincipalResult Anonymous = new(null, null);
}

/// <summary>
/// Turns a request into the same <see cref="Principal"/> on both hosts: App Service authentication's
/// <c>x-ms-client-principal</c> (claims <c>roles</c>, <c>workflows_agency</c>, <c>workflows_uscc</c>) on Azure, or an
/// API key from configuration on LocalHost.
/// </summary>
public sealed class PrincipalResolver(IOptions<IdentityOptions> options)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string ClientPrincipalHeader = "x-ms-client-principal";
    public const string RoleClaim = "roles";
    public const string AgencyClaim = "workflows_agency";
    public const string UsccClaim = "workflows_uscc";

    public PrincipalResult Resolve(HttpRequest request)
    {
        var opts = options.Value;
        if (request.Headers.TryGetValue(ApiKeyHeader, out var keyValues) && !string.IsNullOrEmpty(keyValues.ToString()))
        {
            var key = keyValues.ToString();
            var match = opts.ApiKeys.FirstOrDefault(k => !string.IsNullOrEmpty(k.Key) && FixedTimeEquals(k.Key, key));
            return match is null
                ? new PrincipalResult(null, "The API key is not recognised.")
                : new PrincipalResult(new Principal(match.Id, match.Name, match.Role, match.Agency, match.Uscc), null);
        }

        if (opts.TrustClientPrincipalHeader && request.Headers.TryGetValue(ClientPrincipalHeader, out var encoded) && !string.IsNullOrEmpty(encoded.ToString()))
        {
            return FromClientPrincipal(encoded.ToString());
        }

        return PrincipalResult.Anonymous;
    }

    /// <summary>Decodes App Service authentication's base64 JSON principal.</summary>
    public static PrincipalResult FromClientPrincipal(string base64)
    {
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            var root = doc.RootElement;
            var claims = root.TryGetProperty("claims", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Select(x => (Type: x.GetProperty("typ").GetString() ?? string.Empty, Value: x.GetProperty("val").GetString() ?? string.Empty)).ToList()
                : [];
            string? Claim(string type) => claims.FirstOrDefault(x => string.Equals(x.Type, type, StringComparison.OrdinalIgnoreCase)).Value;

            var id = Claim("http://schemas.microsoft.com/identity/claims/objectidentifier") ?? Claim("oid") ?? Claim("sub")
                ?? (root.TryGetProperty("userId", out var uid) ? uid.GetString() : null);
            var name = Claim("name") ?? Claim("preferred_username") ?? id;
            var roleText = Claim(RoleClaim) ?? Claim("http://schemas.microsoft.com/ws/2008/06/identity/claims/role");
            var agency = Claim(AgencyClaim);
            if (string.IsNullOrEmpty(id))
            {
                return new PrincipalResult(null, "The client principal has no user id.");
            }

            if (!Enum.TryParse<Role>(roleText, ignoreCase: true, out var role) || !Enum.IsDefined(role))
            {
                return new PrincipalResult(null, $"The client principal has no known role (claim '{RoleClaim}').");
            }

            if (string.IsNullOrEmpty(agency))
            {
                return new PrincipalResult(null, $"The client principal has no agency (claim '{AgencyClaim}').");
            }

            return new PrincipalResult(new Principal(id, name ?? id, role, agency, Claim(UsccClaim)), null);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new PrincipalResult(null, "The client principal header is not valid base64 JSON.");
        }
    }

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
