using Workflows.Functions.Cases;

namespace Workflows.Infra.Tests;

/// <summary>Issue 17 item 4: the audit chain's container holds every blob immutable, and the app identity cannot lift that.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class AuditImmutabilityTests(BicepFixture bicep)
{
    private const string PolicyType = "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies";

    // Owner, Contributor, Storage Account Contributor: management-plane roles that could remove an unlocked policy.
    private static readonly string[] ManagementRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "17d1049b-9a84-46fb-8f53-869881c3d3ab",
    ];

    [Fact]
    public void AuditContainer_TimeBasedRetention_AtLeastTenYearsNoAppends()
    {
        var policy = bicep.Template.SingleOfType(PolicyType);
        var parameters = policy.DeclaringTemplate["parameters"]!;

        Assert.Contains("parameters('auditContainerName')", policy.Name, StringComparison.Ordinal);
        Assert.Equal("[parameters('auditRetentionDays')]", policy.Properties["immutabilityPeriodSinceCreationInDays"].Text());
        Assert.True(parameters["auditRetentionDays"]!["defaultValue"]!.GetValue<int>() >= 3650);
        Assert.Equal("false", policy.Properties["allowProtectedAppendWrites"]?.ToJsonString());
    }

    [Fact]
    public void AuditContainer_SameNameAsTheApp_IsCreatedWithTheOthers()
    {
        var policy = bicep.Template.SingleOfType(PolicyType);
        var container = bicep.Template.SingleOfType("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal(
            AuditChain.Container,
            policy.DeclaringTemplate["parameters"]!["auditContainerName"]!["defaultValue"]!.GetValue<string>()
        );
        Assert.Contains("parameters('auditContainerName')", container.Resource["copy"]!["count"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignments_AppIdentity_NoManagementRoleThatCouldLiftThePolicy()
    {
        var roles = bicep
            .Template.OfType("Microsoft.Authorization/roleAssignments")
            .Select(a => a.Properties["roleDefinitionId"]?.ToJsonString() ?? string.Empty)
            .ToList();
        var variables = bicep.Template.Strings().Select(s => s.Text).ToList();

        Assert.NotEmpty(roles);
        Assert.DoesNotContain(variables, text => ManagementRoles.Any(id => text.Contains(id, StringComparison.OrdinalIgnoreCase)));
    }
}
