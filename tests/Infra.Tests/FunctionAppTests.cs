using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>The Flex Consumption plan and function app configuration.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class FunctionAppTests(BicepFixture bicep)
{
    private TemplateResource Site => bicep.Template.SingleOfType("Microsoft.Web/sites");

    private JsonObject FunctionAppConfig => Site.Properties["functionAppConfig"]?.AsObject()
        ?? throw new InvalidOperationException("The function app has no functionAppConfig.");

    [Theory]
    [InlineData("name", "FC1")]
    [InlineData("tier", "FlexConsumption")]
    public void Plan_Sku_IsFlexConsumption(string property, string expected) =>
        Assert.Equal(expected, bicep.Template.SingleOfType("Microsoft.Web/serverfarms").Resource["sku"]?[property].Text());

    [Theory]
    [InlineData("name", "dotnet-isolated")]
    [InlineData("version", "10.0")]
    public void Runtime_Setting_IsDotnetIsolated10(string property, string expected) =>
        Assert.Equal(expected, FunctionAppConfig["runtime"]?[property].Text());

    [Fact]
    public void AlwaysReady_DurableGroup_HasAtLeastOneInstanceByDefault()
    {
        var alwaysReady = FunctionAppConfig["scaleAndConcurrency"]?["alwaysReady"] as JsonArray;
        Assert.NotNull(alwaysReady);

        var durable = alwaysReady.OfType<JsonObject>().SingleOrDefault(group => group["name"].Text() == "durable");
        Assert.NotNull(durable);
        var instanceCount = durable["instanceCount"].Text();
        Assert.Equal("[parameters('durableAlwaysReadyInstances')]", instanceCount);
        var defaultCount = bicep.Template.Root["parameters"]?["durableAlwaysReadyInstances"]?["defaultValue"]?.GetValue<int>();
        Assert.True(defaultCount >= 1, $"durableAlwaysReadyInstances defaults to {defaultCount}.");
    }

    [Theory]
    [InlineData("type", "blobContainer")]
    [InlineData("authentication.type", "UserAssignedIdentity")]
    [InlineData("authentication.userAssignedIdentityResourceId", "[parameters('identityId')]")]
    [InlineData("value", "[format('{0}{1}', parameters('storageBlobEndpoint'), parameters('deploymentContainerName'))]")]
    public void DeploymentStorage_Setting_UsesTheIdentityOnABlobContainer(string path, string expected)
    {
        JsonNode? node = FunctionAppConfig["deployment"]?["storage"];
        foreach (var segment in path.Split('.'))
        {
            node = node?[segment];
        }

        Assert.Equal(expected, node.Text());
    }

    [Fact]
    public void Identity_FunctionApp_RunsAsTheUserAssignedIdentity()
    {
        Assert.Equal("UserAssigned", Site.Resource["identity"]?["type"].Text());
        Assert.Equal("[parameters('identityId')]", Site.Properties["keyVaultReferenceIdentity"].Text());
        var userAssigned = Site.Resource["identity"]?["userAssignedIdentities"]?.AsObject();
        Assert.NotNull(userAssigned);
        Assert.Equal("[format('{0}', parameters('identityId'))]", Assert.Single(userAssigned).Key);
    }

    [Fact]
    public void Site_HttpsOnly_IsTrue() =>
        Assert.Equal("true", Site.Properties["httpsOnly"]?.ToJsonString());

    [Theory]
    [InlineData("ftp")]
    [InlineData("scm")]
    public void PublishingCredentials_BasicAuth_IsDisabled(string policy)
    {
        var credentials = bicep.Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .SingleOrDefault(resource => resource.Name.Contains($"'{policy}'", StringComparison.Ordinal));

        Assert.NotNull(credentials);
        Assert.Equal("false", credentials.Properties["allow"]?.ToJsonString());
    }

    [Fact]
    public void Tags_FunctionApp_IsTheAzdApiService()
    {
        var module = bicep.Template.Module("functionapp");

        Assert.Equal("api", module.Properties["parameters"]?["azdServiceName"]?["value"].Text());
        Assert.Equal("[union(parameters('tags'), createObject('azd-service-name', parameters('azdServiceName')))]",
            Site.Resource["tags"].Text());
    }
}
