using System.Text;
using System.Text.Json;
using Workflows.Domain.Access;

namespace Workflows.Functions.Identity;

/// <summary>One claim of App Service authentication's principal.</summary>
public sealed record PlatformClaim(string Type, string Value);

/// <summary>
/// Reads App Service authentication's <c>x-ms-client-principal</c> (base64 JSON <c>{auth_typ, claims:[{typ,val}],
/// role_typ}</c>) into a <see cref="Principal"/>. Every role claim is read, not only the first; a role is an app role
/// value spelled exactly as a <see cref="Role"/> name or granted by <see cref="IdentityOptions.ClaimMappings"/>, never
/// a number or an unknown word. One account acts in one role and for one agency (segregation of duties: the officer
/// who registers is not the head who approves the extension, Decree 746 Art. 19), so conflicting grants are refused.
/// </summary>
public static class ClientPrincipalReader
{
    public const string RoleClaim = "roles";
    public const string WsRoleClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    private static readonly string[] IdClaims = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid", "sub"];
    private static readonly Dictionary<string, Role> RoleNames = Enum.GetValues<Role>()
        .ToDictionary(r => r.ToString(), StringComparer.Ordinal);

    public static PrincipalResult Read(string base64, IdentityOptions options)
    {
        if (!TryParse(base64, out var claims, out var roleType, out var userId))
        {
            return Refused("The client principal header is not valid base64 JSON.");
        }

        string? Claim(string type) => claims.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase))?.Value;
        var id = IdClaims.Select(Claim).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? userId;
        if (string.IsNullOrEmpty(id))
        {
            return Refused("The client principal has no user id.");
        }

        var roleTypes = new[] { RoleClaim, WsRoleClaim, roleType }.OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var grants = Grants(claims, roleTypes, options);
        if (grants.Error is not null)
        {
            return Refused(grants.Error);
        }

        return Build(id, Claim("name") ?? Claim("preferred_username") ?? id, grants, claims, options);
    }

    private static PrincipalResult Build(
        string id,
        string name,
        RoleGrants grants,
        IReadOnlyList<PlatformClaim> claims,
        IdentityOptions options
    )
    {
        var roles = grants.Roles.Distinct().ToList();
        if (roles.Count != 1)
        {
            return Refused(
                roles.Count == 0
                    ? $"The client principal has no known role (claim '{RoleClaim}')."
                    : $"The client principal holds several roles ({string.Join(", ", roles)}; claim '{RoleClaim}'): "
                        + "one account acts in one role."
            );
        }

        var agencies = grants.Agencies.Concat(ValuesOf(claims, options.AgencyClaimType)).Distinct(StringComparer.Ordinal).ToList();
        if (agencies.Count != 1 || !Jurisdiction.IsDivisionCode(agencies[0]))
        {
            return Refused(
                agencies.Count == 0
                    ? $"The client principal has no agency (claim '{options.AgencyClaimType}')."
                    : $"The client principal's agency (claim '{options.AgencyClaimType}') must be one 6-digit division code; "
                        + $"got '{string.Join(", ", agencies)}'."
            );
        }

        var usccs = ValuesOf(claims, options.UsccClaimType).Distinct(StringComparer.Ordinal).ToList();
        if (usccs.Count > 1)
        {
            return Refused(
                $"The client principal carries several USCCs (claim '{options.UsccClaimType}'); one account stands for one party."
            );
        }

        return new PrincipalResult(new Principal(id, name, roles[0], agencies[0], usccs.FirstOrDefault()), null);
    }

    private sealed record RoleGrants(List<Role> Roles, List<string> Agencies, string? Error);

    /// <summary>Roles from every role claim and roles/agencies from every claim the mapping names.</summary>
    private static RoleGrants Grants(IReadOnlyList<PlatformClaim> claims, HashSet<string> roleTypes, IdentityOptions options)
    {
        var grants = new RoleGrants([], [], null);
        foreach (var claim in claims)
        {
            var mapped = options
                .ClaimMappings.Where(m =>
                    string.Equals(m.ClaimType, claim.Type, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(m.ClaimValue, claim.Value, StringComparison.Ordinal)
                )
                .ToList();
            grants.Roles.AddRange(mapped.Where(m => m.Role is not null).Select(m => m.Role!.Value));
            grants.Agencies.AddRange(mapped.Where(m => !string.IsNullOrEmpty(m.Agency)).Select(m => m.Agency!));
            if (mapped.Count > 0 || !roleTypes.Contains(claim.Type))
            {
                continue;
            }

            if (!RoleNames.TryGetValue(claim.Value, out var role))
            {
                return grants with
                {
                    Error =
                        $"The client principal's role '{claim.Value}' (claim '{RoleClaim}') is not a role of this app; "
                        + $"known roles: {string.Join(", ", RoleNames.Keys)}.",
                };
            }

            grants.Roles.Add(role);
        }

        return grants;
    }

    private static IEnumerable<string> ValuesOf(IReadOnlyList<PlatformClaim> claims, string type) =>
        claims.Where(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase) && c.Value.Length > 0).Select(c => c.Value);

    private static bool TryParse(string base64, out IReadOnlyList<PlatformClaim> claims, out string? roleType, out string? userId)
    {
        (claims, roleType, userId) = ([], null, null);
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            claims =
                root.TryGetProperty("claims", out var c) && c.ValueKind == JsonValueKind.Array
                    ? c.EnumerateArray()
                        .Select(x => new PlatformClaim(
                            x.GetProperty("typ").GetString() ?? string.Empty,
                            x.GetProperty("val").GetString() ?? string.Empty
                        ))
                        .ToList()
                    : [];
            roleType = root.TryGetProperty("role_typ", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            userId = root.TryGetProperty("userId", out var uid) && uid.ValueKind == JsonValueKind.String ? uid.GetString() : null;
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static PrincipalResult Refused(string error) => new(null, error);
}
