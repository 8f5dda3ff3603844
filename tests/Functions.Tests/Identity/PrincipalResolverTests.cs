using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Functions.Identity;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Identity;

public sealed class PrincipalResolverTests
{
    private static readonly ApiKeyOptions EnterpriseKey = new()
    {
        Key = "key-enterprise",
        Id = "enterprise-1",
        Name = "源汇食品",
        Role = Role.Enterprise,
        Agency = "411100",
        Uscc = "91411100MA44X1Y2DU",
    };

    private static readonly ApiKeyOptions OfficerKey = new()
    {
        Key = "key-officer",
        Id = "officer-1",
        Name = "王敏",
        Role = Role.RegistrationOfficer,
        Agency = "411100",
    };

    private static PrincipalResolver Resolver(bool trustHeader) =>
        new(
            Options.Create(
                new IdentityOptions
                {
                    TrustClientPrincipalHeader = trustHeader,
                    PlatformAuthenticationEnabled = trustHeader,
                    ApiKeys = [EnterpriseKey, OfficerKey],
                }
            )
        );

    /// <summary>App Service authentication's header: base64 of {"claims":[{"typ":..,"val":..}]}.</summary>
    public static string ClientPrincipal(params (string Type, string Value)[] claims) =>
        Convert.ToBase64String(
            Encoding.UTF8.GetBytes(
                JsonSerializer.Serialize(new { auth_typ = "aad", claims = claims.Select(c => new { typ = c.Type, val = c.Value }) })
            )
        );

    private static Dictionary<string, string> Header(string name, string value) => new() { [name] = value };

    [Theory]
    [InlineData("key-enterprise", "enterprise-1", Role.Enterprise, "91411100MA44X1Y2DU")]
    [InlineData("key-officer", "officer-1", Role.RegistrationOfficer, null)]
    public void Resolve_KnownApiKey_ReturnsConfiguredPrincipal(string key, string id, Role role, string? uscc)
    {
        var result = Resolver(trustHeader: false).Resolve(ResultExecution.Request(Header(PrincipalResolver.ApiKeyHeader, key)));

        Assert.Null(result.Error);
        Assert.NotNull(result.Principal);
        Assert.Equal(id, result.Principal.Id);
        Assert.Equal(role, result.Principal.Role);
        Assert.Equal("411100", result.Principal.Agency);
        Assert.Equal(uscc, result.Principal.Uscc);
    }

    [Theory]
    [InlineData("key-unknown")]
    [InlineData("key-enterprisE")]
    [InlineData("key-enterprise ")]
    public void Resolve_UnknownApiKey_ReturnsError(string key)
    {
        var result = Resolver(trustHeader: true).Resolve(ResultExecution.Request(Header(PrincipalResolver.ApiKeyHeader, key)));

        Assert.Null(result.Principal);
        Assert.Contains("API key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NoCredentials_ReturnsAnonymous()
    {
        var result = Resolver(trustHeader: true).Resolve(ResultExecution.Request());

        Assert.Same(PrincipalResult.Anonymous, result);
    }

    [Fact]
    public void Resolve_ClientPrincipalWithClaims_ReturnsSamePrincipalShapeAsApiKey()
    {
        var header = ClientPrincipal(
            ("oid", "enterprise-1"),
            ("name", "源汇食品"),
            ("roles", "Enterprise"),
            ("workflows_agency", "411100"),
            ("workflows_uscc", "91411100MA44X1Y2DU")
        );

        var fromHeader = Resolver(trustHeader: true)
            .Resolve(ResultExecution.Request(Header(PrincipalResolver.ClientPrincipalHeader, header)));
        var fromKey = Resolver(trustHeader: true)
            .Resolve(ResultExecution.Request(Header(PrincipalResolver.ApiKeyHeader, EnterpriseKey.Key)));

        Assert.Null(fromHeader.Error);
        Assert.Equal(fromKey.Principal, fromHeader.Principal);
    }

    /// <summary>Not trusted, the header is not read: it is refused (401), rather than passed over as anonymous (issue 11).</summary>
    [Fact]
    public void Resolve_ClientPrincipalWhenNotTrusted_RefusesHeader()
    {
        var header = ClientPrincipal(("oid", "x"), ("roles", "Administrator"), ("workflows_agency", "411100"));

        var result = Resolver(trustHeader: false).Resolve(ResultExecution.Request(Header(PrincipalResolver.ClientPrincipalHeader, header)));

        Assert.Null(result.Principal);
        Assert.Contains("does not trust", result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedHeaders =>
        new()
        {
            { "not base64 !!", "base64 JSON" },
            { Convert.ToBase64String(Encoding.UTF8.GetBytes("{not json")), "base64 JSON" },
            { Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"claims":[{"val":"x"}]}""")), "base64 JSON" },
            { Convert.ToBase64String(Encoding.UTF8.GetBytes("[1,2]")), "base64 JSON" },
        };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void Resolve_MalformedClientPrincipal_ReturnsError(string header, string expectedErrorPart)
    {
        var result = Resolver(trustHeader: true).Resolve(ResultExecution.Request(Header(PrincipalResolver.ClientPrincipalHeader, header)));

        Assert.Null(result.Principal);
        Assert.Contains(expectedErrorPart, result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> IncompleteClaims =>
        new()
        {
            { ClientPrincipal(("oid", "u1"), ("workflows_agency", "411100")), "roles" },
            { ClientPrincipal(("oid", "u1"), ("roles", "Emperor"), ("workflows_agency", "411100")), "roles" },
            { ClientPrincipal(("oid", "u1"), ("roles", "99"), ("workflows_agency", "411100")), "roles" },
            { ClientPrincipal(("oid", "u1"), ("roles", "Enterprise")), "workflows_agency" },
            { ClientPrincipal(("roles", "Enterprise"), ("workflows_agency", "411100")), "user id" },
        };

    [Theory]
    [MemberData(nameof(IncompleteClaims))]
    public void Resolve_ClientPrincipalMissingRoleAgencyOrId_ReturnsErrorNamingClaim(string header, string expectedErrorPart)
    {
        var result = Resolver(trustHeader: true).Resolve(ResultExecution.Request(Header(PrincipalResolver.ClientPrincipalHeader, header)));

        Assert.Null(result.Principal);
        Assert.Contains(expectedErrorPart, result.Error, StringComparison.Ordinal);
    }
}
