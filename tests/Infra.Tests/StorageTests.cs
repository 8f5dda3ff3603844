using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>The storage account is locked down to Entra ID, and has the containers the app uses.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class StorageTests(BicepFixture bicep)
{
    [Theory]
    [InlineData("allowSharedKeyAccess", "false")]
    [InlineData("allowBlobPublicAccess", "false")]
    [InlineData("minimumTlsVersion", "\"TLS1_2\"")]
    [InlineData("supportsHttpsTrafficOnly", "true")]
    [InlineData("defaultToOAuthAuthentication", "true")]
    public void StorageAccount_SecurityProperty_HasSafeValue(string property, string expectedJson)
    {
        var account = bicep.Template.SingleOfType("Microsoft.Storage/storageAccounts");

        Assert.Equal(expectedJson, account.Properties[property]?.ToJsonString());
    }

    [Theory]
    [InlineData("registrations-inbox")]
    [InlineData("coal-inbox")]
    [InlineData("coal-reports")]
    [InlineData("retrofit-inbox")]
    [InlineData("calendars")]
    [InlineData("documents")]
    [InlineData("reports")]
    [InlineData("quarantine")]
    [InlineData("twohigh-inbox")]
    public void Containers_ContainerTheAppUses_IsCreated(string containerName)
    {
        var appContainers = bicep.Template.Root["variables"]?["appContainerNames"] as JsonArray;

        Assert.NotNull(appContainers);
        Assert.Contains(containerName, appContainers.Select(node => node.Text()));
        Assert.Equal("[variables('appContainerNames')]",
            bicep.Template.Module("storage").Properties["parameters"]?["containerNames"]?["value"].Text());
    }

    [Fact]
    public void Containers_DeploymentPackageContainer_IsCreatedInTheSameAccount()
    {
        var storage = bicep.Template.Module("storage");
        var container = bicep.Template.SingleOfType("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal("[variables('deploymentContainerName')]",
            storage.Properties["parameters"]?["deploymentContainerName"]?["value"].Text());
        Assert.Contains("parameters('deploymentContainerName')", container.Name, StringComparison.Ordinal);
        Assert.Equal("\"None\"", container.Properties["publicAccess"]?.ToJsonString());
    }
}
