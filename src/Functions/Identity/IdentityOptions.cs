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

/// <summary>
/// One line of the configurable claim mapping (<c>Identity:ClaimMappings</c>): a signed-in user carrying the claim
/// <see cref="ClaimType"/> = <see cref="ClaimValue"/> (an Entra group object id in <c>groups</c>, a provincial
/// platform's department code, an app role value of another naming scheme) acts in <see cref="Role"/> and/or for
/// <see cref="Agency"/>. See docs/deploy.md, "Claim mapping".
/// </summary>
public sealed class ClaimMappingOptions
{
    public string ClaimType { get; set; } = string.Empty;

    public string ClaimValue { get; set; } = string.Empty;

    public Role? Role { get; set; }

    public string? Agency { get; set; }
}

public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>
    /// The host may read App Service authentication's <c>x-ms-client-principal</c> header. It is trusted only when
    /// <see cref="PlatformAuthenticationEnabled"/> is also true (<see cref="TrustsClientPrincipal"/>); LocalHost forces
    /// this off, so only a test can turn it on there.
    /// </summary>
    public bool TrustClientPrincipalHeader { get; set; }

    /// <summary>
    /// The platform says App Service authentication is on (<c>WEBSITE_AUTH_ENABLED=true</c>): then, and only then, the
    /// platform strips a client-sent <c>x-ms-client-principal</c> and writes its own. Set from that environment variable
    /// by <see cref="WorkflowsIdentityRegistration.AddWorkflowsIdentity"/> after binding, so no app setting of
    /// the <c>Identity</c> section can claim it.
    /// </summary>
    public bool PlatformAuthenticationEnabled { get; set; }

    /// <summary>Both conditions under which the principal header is believed.</summary>
    public bool TrustsClientPrincipal => TrustClientPrincipalHeader && PlatformAuthenticationEnabled;

    /// <summary>Claim carrying the agency's administrative division code.</summary>
    public string AgencyClaimType { get; set; } = "workflows_agency";

    /// <summary>Claim carrying an enterprise's or project owner's USCC.</summary>
    public string UsccClaimType { get; set; } = "workflows_uscc";

    /// <summary>Extra claims that grant a role and/or an agency (Entra groups, provincial platform attributes).</summary>
    public List<ClaimMappingOptions> ClaimMappings { get; set; } = [];

    /// <summary>
    /// The same mapping as one JSON array (<c>[{"claimType":"groups","claimValue":"…","role":"RegistrationOfficer",
    /// "agency":"411100"}]</c>): the form an app setting can carry (<c>Identity__ClaimMappingsJson</c>, set by Bicep
    /// from <c>WORKFLOWS_IDENTITY_CLAIM_MAPPINGS</c>). Added to <see cref="ClaimMappings"/> at start-up.
    /// </summary>
    public string? ClaimMappingsJson { get; set; }

    /// <summary>API keys accepted in the <c>X-Api-Key</c> header.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}
