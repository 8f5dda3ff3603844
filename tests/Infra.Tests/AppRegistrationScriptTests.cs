using System.Text.Json.Nodes;
using Workflows.Domain.Access;
using Workflows.Functions.Identity;

namespace Workflows.Infra.Tests;

/// <summary>
/// scripts/create-app-registration.sh (run with --dry-run: it prints what it would create and calls nothing) creates
/// exactly the app roles the code accepts, and a claims-mapping policy that emits the claims the code reads.
/// </summary>
public sealed class AppRegistrationScriptTests
{
    private static readonly Lazy<JsonNode> DryRun = new(() =>
    {
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "create-app-registration.sh");
        var result = ProcessRunner.Run(
            "bash",
            [script, "--dry-run", "--app-uri", "https://func-test.azurewebsites.net/"],
            RepositoryRoot.Path,
            TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Describe());
        return JsonNode.Parse(result.StandardOutput) ?? throw new InvalidOperationException("The dry run printed no JSON.");
    });

    private static JsonArray AppRoles => DryRun.Value["appRoles"] as JsonArray ?? throw new InvalidOperationException("No appRoles.");

    /// <summary>Blocks: an app role the code would refuse (every sign-in of those users fails) or a role nobody can be given.</summary>
    [Fact]
    public void AppRoles_Values_AreExactlyTheRoleNames() =>
        Assert.Equal(
            Enum.GetNames<Role>().Order(StringComparer.Ordinal),
            AppRoles.Select(r => r?["value"].Text()).Order(StringComparer.Ordinal));

    [Fact]
    public void AppRoles_Each_IsAnEnabledUserRoleWithItsOwnIdAndChineseName()
    {
        Assert.All(AppRoles, role =>
        {
            Assert.True(Guid.TryParse(role?["id"].Text(), out _), role?.ToJsonString());
            Assert.Equal("true", role?["isEnabled"]?.ToJsonString());
            Assert.Equal("[\"User\"]", role?["allowedMemberTypes"]?.ToJsonString());
            Assert.Matches("^\\p{IsCJKUnifiedIdeographs}", role?["displayName"].Text() ?? string.Empty);
        });
        Assert.Equal(AppRoles.Count, AppRoles.Select(r => r?["id"].Text()).Distinct().Count());
    }

    [Fact]
    public void Registration_RedirectUri_IsTheEasyAuthCallback() =>
        Assert.Equal("https://func-test.azurewebsites.net/.auth/login/aad/callback", DryRun.Value["redirectUri"].Text());

    /// <summary>The policy's claims are the ones the resolver reads by default (agency and USCC).</summary>
    [Fact]
    public void ClaimsMappingPolicy_JwtClaims_AreTheClaimsTheCodeReads()
    {
        var definition = JsonNode.Parse(DryRun.Value["claimsMappingPolicy"]?["definition"]?[0].Text() ?? "{}");
        var schema = definition?["ClaimsMappingPolicy"]?["ClaimsSchema"] as JsonArray ?? [];
        var defaults = new IdentityOptions();

        Assert.Equal([defaults.AgencyClaimType, defaults.UsccClaimType], schema.Select(c => c?["JwtClaimType"].Text()));
        Assert.All(schema, c =>
            Assert.Equal($"extension_00000000000000000000000000000000_{c?["JwtClaimType"].Text()}", c?["ExtensionID"].Text()));
    }
}
