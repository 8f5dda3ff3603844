using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Functions.Identity;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Identity;

/// <summary>
/// Attacks on the platform principal once it is trusted (App Service authentication on): a token that carries a
/// forbidden or extra role, a role spelled as a number, and the configurable mapping from Entra groups.
/// </summary>
public sealed class ClientPrincipalReaderTests
{
    private const string OfficersGroup = "0b7c5a1e-1111-4c2d-9e0f-000000000001";

    private static readonly IdentityOptions Options = new()
    {
        ClaimMappings =
        [
            new ClaimMappingOptions
            {
                ClaimType = "groups", ClaimValue = OfficersGroup, Role = Role.RegistrationOfficer, Agency = "411100",
            },
            new ClaimMappingOptions { ClaimType = "department", ClaimValue = "LH-FGW", Role = Role.MunicipalDrc, Agency = "411100" },
        ],
    };

    private static PrincipalResult Read(params (string Type, string Value)[] claims) =>
        ClientPrincipalReader.Read(PrincipalResolverTests.ClientPrincipal(claims), Options);

    /// <summary>Blocks: a role read from the first claim only, so a token listing an unknown role after a real one passed.</summary>
    [Theory]
    [InlineData("Enterprise", "Emperor")]
    [InlineData("Enterprise", "99")]
    public void Read_SecondRoleClaimUnknown_RefusedNamingIt(string first, string second)
    {
        var result = Read(("oid", "u1"), ("roles", first), ("roles", second), ("workflows_agency", "411100"));

        Assert.Null(result.Principal);
        Assert.Contains($"'{second}'", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Blocks: a numeric role string parsed as an enum value ("9" was Administrator, "3" ObjectingParty).</summary>
    [Theory]
    [InlineData("9")]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("administrator")]
    [InlineData(" Administrator")]
    [InlineData("Enterprise, Administrator")]
    public void Read_RoleNotSpelledAsARoleName_Refused(string role)
    {
        var result = Read(("oid", "u1"), ("roles", role), ("workflows_agency", "411100"));

        Assert.Null(result.Principal);
        Assert.Contains("roles", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Blocks: an account holding officer and head roles at once approving its own extension (Art. 19).</summary>
    [Fact]
    public void Read_TwoDifferentRoles_RefusedNamingBoth()
    {
        var result = Read(("oid", "u1"), ("roles", "RegistrationOfficer"), ("roles", "AuthorityHead"), ("workflows_agency", "411100"));

        Assert.Null(result.Principal);
        Assert.Contains("RegistrationOfficer, AuthorityHead", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SameRoleTwice_ReturnsThatRole()
    {
        var result = Read(("oid", "u1"), ("roles", "AuthorityHead"), ("roles", "AuthorityHead"), ("workflows_agency", "411100"));

        Assert.Equal(Role.AuthorityHead, result.Principal?.Role);
    }

    [Fact]
    public void Read_EntraGroupInMapping_GrantsRoleAndAgency()
    {
        var result = Read(("oid", "u1"), ("name", "王敏"), ("groups", "some-other-group"), ("groups", OfficersGroup));

        Assert.Null(result.Error);
        Assert.Equal(new Principal("u1", "王敏", Role.RegistrationOfficer, "411100"), result.Principal);
    }

    [Fact]
    public void Read_MappedClaimOfProvincialPlatform_GrantsRoleAndAgency()
    {
        var result = Read(("sub", "p-77"), ("department", "LH-FGW"));

        Assert.Equal((Role.MunicipalDrc, "411100"), (result.Principal?.Role, result.Principal?.Agency));
    }

    /// <summary>Blocks: a user in an officers' group who also carries another city's agency claim.</summary>
    [Fact]
    public void Read_MappedAgencyConflictsWithAgencyClaim_Refused()
    {
        var result = Read(("oid", "u1"), ("groups", OfficersGroup), ("workflows_agency", "411200"));

        Assert.Null(result.Principal);
        Assert.Contains("workflows_agency", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4111")]
    [InlineData("41110x")]
    [InlineData("000000")]
    public void Read_AgencyNotADivisionCode_Refused(string agency)
    {
        var result = Read(("oid", "u1"), ("roles", "RegistrationOfficer"), ("workflows_agency", agency));

        Assert.Null(result.Principal);
        Assert.Contains("division code", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoUsccClaims_Refused()
    {
        var result = Read(("oid", "u1"), ("roles", "Enterprise"), ("workflows_agency", "411100"),
            ("workflows_uscc", "91411100MA44X1Y23P"), ("workflows_uscc", "91411102MA45B8C906"));

        Assert.Null(result.Principal);
        Assert.Contains("workflows_uscc", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RoleClaimTypeNamedByRoleTyp_IsRead()
    {
        var header = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            """
            {"auth_typ":"oidc","role_typ":"urn:province:role","claims":[{"typ":"sub","val":"p1"},
              {"typ":"urn:province:role","val":"CountyOffice"},{"typ":"workflows_agency","val":"411102"}]}
            """));

        var result = ClientPrincipalReader.Read(header, Options);

        Assert.Equal((Role.CountyOffice, "411102"), (result.Principal?.Role, result.Principal?.Agency));
    }

    /// <summary>Blocks: an API key sent next to a platform principal, so that either could be believed.</summary>
    [Fact]
    public void Resolve_TrustedHeaderAndApiKeyTogether_Refused()
    {
        var resolver = new PrincipalResolver(Microsoft.Extensions.Options.Options.Create(new IdentityOptions
        {
            TrustClientPrincipalHeader = true,
            PlatformAuthenticationEnabled = true,
            ApiKeys = [new ApiKeyOptions { Key = "k", Id = "a", Name = "a", Role = Role.Administrator, Agency = "410000" }],
        }));
        var header = PrincipalResolverTests.ClientPrincipal(("oid", "u1"), ("roles", "Enterprise"), ("workflows_agency", "411100"));

        var result = resolver.Resolve(ResultExecution.Request(new Dictionary<string, string>
        {
            [PrincipalResolver.ClientPrincipalHeader] = header,
            [PrincipalResolver.ApiKeyHeader] = "k",
        }));

        Assert.Null(result.Principal);
        Assert.Contains("not both", result.Error, StringComparison.Ordinal);
    }
}
