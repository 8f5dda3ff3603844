using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Functions.Http;
using Workflows.Functions.Identity;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Identity;

/// <summary>
/// Blocks the forged <c>x-ms-client-principal</c>: a home-made base64 header claiming Administrator for 410000 is
/// believed only when App Service authentication is on (<c>WEBSITE_AUTH_ENABLED=true</c>), never because an app
/// setting says so, and otherwise answers 401.
/// </summary>
public sealed class PlatformTrustTests
{
    private static readonly string ForgedAdministrator =
        PrincipalResolverTests.ClientPrincipal(("oid", "attacker"), ("roles", "Administrator"), ("workflows_agency", "410000"));

    /// <summary>The identity services as the Functions host registers them (Program.cs: the host may trust the header).</summary>
    private static PrincipalResolver FunctionsHostResolver(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.Configure<IdentityOptions>(o => o.TrustClientPrincipalHeader = true);
        services.AddWorkflowsIdentity(configuration);
        return services.BuildServiceProvider().GetRequiredService<PrincipalResolver>();
    }

    private static Microsoft.AspNetCore.Http.HttpRequest ForgedRequest() =>
        ResultExecution.Request(new Dictionary<string, string> { [PrincipalResolver.ClientPrincipalHeader] = ForgedAdministrator });

    public static TheoryData<string?, string?> PlatformAuthOff => new()
    {
        { null, null },
        { "false", null },
        { "False", "true" },
        { "", "true" },
        { "yes", "true" },
    };

    [Theory]
    [MemberData(nameof(PlatformAuthOff))]
    public async Task Resolve_ForgedHeaderWithoutPlatformAuth_Returns401(string? websiteAuthEnabled, string? boundPlatformFlag)
    {
        var resolver = FunctionsHostResolver(new()
        {
            [WorkflowsIdentityRegistration.PlatformAuthenticationSetting] = websiteAuthEnabled,
            ["Identity:TrustClientPrincipalHeader"] = "true",
            ["Identity:PlatformAuthenticationEnabled"] = boundPlatformFlag,
        });
        var authorization = new RequestAuthorization(resolver, Options.Create(new Workflows.Functions.Hosting.LimitsOptions()));

        var (principal, problem) = authorization.Require(ResultExecution.Request(new Dictionary<string, string>
        {
            [PrincipalResolver.ClientPrincipalHeader] = ForgedAdministrator,
        }));

        Assert.Null(principal);
        var response = await ResultExecution.ExecuteAsync(problem!);
        Assert.Equal(401, response.Status);
        Assert.Contains("WEBSITE_AUTH_ENABLED", response.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    public void Resolve_HeaderWithPlatformAuth_ReadsPrincipal(string websiteAuthEnabled)
    {
        var resolver = FunctionsHostResolver(new() { [WorkflowsIdentityRegistration.PlatformAuthenticationSetting] = websiteAuthEnabled });

        var result = resolver.Resolve(ForgedRequest());

        Assert.Null(result.Error);
        Assert.Equal(("attacker", Workflows.Domain.Access.Role.Administrator), (result.Principal?.Id, result.Principal?.Role));
    }

    /// <summary>A host that does not trust the header (LocalHost) refuses it even where the platform flag is set.</summary>
    [Fact]
    public void Resolve_HostDoesNotTrustHeader_RefusedEvenWithPlatformFlag()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WorkflowsIdentityRegistration.PlatformAuthenticationSetting] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddWorkflowsIdentity(configuration);
        var resolver = services.BuildServiceProvider().GetRequiredService<PrincipalResolver>();

        var result = resolver.Resolve(ForgedRequest());

        Assert.Null(result.Principal);
        Assert.Contains(PrincipalResolver.ClientPrincipalHeader, result.Error, StringComparison.Ordinal);
    }
}
