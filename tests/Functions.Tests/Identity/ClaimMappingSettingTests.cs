using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Functions.Identity;

namespace Workflows.Functions.Tests.Identity;

/// <summary>The claim mapping as Azure carries it: one app setting holding a JSON array (Identity__ClaimMappingsJson).</summary>
public sealed class ClaimMappingSettingTests
{
    private static IdentityOptions Options(string json)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:ClaimMappingsJson"] = json })
            .Build();
        var services = new ServiceCollection();
        services.AddWorkflowsIdentity(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<IdentityOptions>>().Value;
    }

    [Fact]
    public void ClaimMappingsJson_GroupToRoleAndAgency_IsAppliedToTheResolver()
    {
        var options = Options("""[{"claimType":"groups","claimValue":"g-1","role":"CountyOffice","agency":"411102"}]""");
        var header = PrincipalResolverTests.ClientPrincipal(("oid", "u1"), ("groups", "g-1"));

        var result = ClientPrincipalReader.Read(header, options);

        Assert.Equal((Role.CountyOffice, "411102"), (result.Principal?.Role, result.Principal?.Agency));
    }

    /// <summary>Blocks: a mapping that grants a role by number ("9" = Administrator) or an agency that is no division code.</summary>
    [Theory]
    [InlineData("""[{"claimType":"groups","claimValue":"g-1","role":9,"agency":"411100"}]""")]
    [InlineData("""[{"claimType":"groups","claimValue":"g-1","role":"9","agency":"411100"}]""")]
    [InlineData("""[{"claimType":"groups","claimValue":"g-1","role":"Emperor"}]""")]
    [InlineData("""[{"claimType":"groups","claimValue":"g-1","agency":"41"}]""")]
    [InlineData("""[{"claimType":"","claimValue":"g-1","role":"Enterprise"}]""")]
    [InlineData("""[{"claimType":"groups","claimValue":"g-1"}]""")]
    [InlineData("""{"not":"an array"}""")]
    public void ClaimMappingsJson_Invalid_StopsStartupNamingTheSetting(string json)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Options(json));

        Assert.Contains("Identity:ClaimMappingsJson", error.Message, StringComparison.Ordinal);
    }
}
