using System.Text.RegularExpressions;

namespace Workflows.Infra.Tests;

/// <summary>The app identity gets exactly the data-plane roles it needs, with deterministic assignment names.</summary>
[Collection(BicepTestGroup.Name)]
public sealed partial class RoleAssignmentTests(BicepFixture bicep)
{
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    [Fact]
    public void RoleAssignments_EveryName_IsGuidOfScopePrincipalAndRole()
    {
        var assignments = bicep.Template.OfType(RoleAssignmentType).ToList();
        Assert.NotEmpty(assignments);

        foreach (var assignment in assignments)
        {
            var name = GuidOfScopePrincipalRole().Match(assignment.Name);
            Assert.True(name.Success, $"Role assignment name '{assignment.Name}' is not guid(scope, principalId, roleDefinitionId).");
            Assert.Equal($"[{name.Groups["principal"].Value}]", assignment.Properties["principalId"].Text());
        }
    }

    [Theory]
    [InlineData("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")]
    [InlineData("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts")]
    [InlineData("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")]
    [InlineData("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults")]
    [InlineData("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")]
    public void RoleAssignments_RoleTheAppNeeds_IsAssignedOnItsResource(string roleName, string roleDefinitionId, string scopeType)
    {
        // The module that declares the scoped resource also declares the assignment; the role id is a literal there
        // (directly or through a variable).
        var module = bicep.Template.SingleOfType(scopeType).DeclaringTemplate;
        var assignmentsInModule = bicep.Template.OfType(RoleAssignmentType)
            .Where(assignment => ReferenceEquals(assignment.DeclaringTemplate, module))
            .ToList();

        Assert.True(assignmentsInModule.Count > 0, $"No role assignment next to the {scopeType} for {roleName}.");
        Assert.True(module.ToJsonString().Contains(roleDefinitionId, StringComparison.OrdinalIgnoreCase),
            $"{roleName} ({roleDefinitionId}) is not assigned in the module that declares the {scopeType}.");
        Assert.All(assignmentsInModule, assignment =>
            Assert.StartsWith($"[guid(resourceId('{scopeType}'", assignment.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void RoleAssignments_AppIdentity_IsThePrincipalOfEveryAppRole()
    {
        var modules = new[] { ("storage", "principalId"), ("monitoring", "principalId"), ("keyvault", "appPrincipalId") };

        foreach (var (moduleName, parameter) in modules)
        {
            var value = bicep.Template.Module(moduleName).Properties["parameters"]?[parameter]?["value"].Text();
            Assert.True(value is not null && value.Contains("'identity'", StringComparison.Ordinal)
                && value.Contains(".outputs.principalId.value", StringComparison.Ordinal),
                $"Module {moduleName} gets {parameter} = {value}; expected the identity module's principalId output.");
        }
    }

    [GeneratedRegex(@"^\[guid\(resourceId\('[^']+', parameters\('\w+'\)\), (?<principal>parameters\('\w*[pP]rincipalId'\)), .+\)\]$",
        RegexOptions.CultureInvariant)]
    private static partial Regex GuidOfScopePrincipalRole();
}
