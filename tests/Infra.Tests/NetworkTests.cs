using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>
/// The private-networking option, storage redundancy and soft-delete parameters, and no public-cloud endpoint
/// written into the templates (they must compile for sovereign clouds such as Azure China).
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class NetworkTests(BicepFixture bicep)
{
    private JsonObject? RootParameters => bicep.Template.Root["parameters"]?.AsObject();

    [Fact]
    public void PrivateNetworking_Parameter_IsOffByDefaultAndDeploysTheNetworkModule()
    {
        Assert.Equal("bool", RootParameters?["privateNetworking"]?["type"].Text());
        Assert.Equal("false", RootParameters?["privateNetworking"]?["defaultValue"]?.ToJsonString());
        Assert.Equal("[parameters('privateNetworking')]", bicep.Template.Module("network").Resource["condition"].Text());
    }

    [Theory]
    [InlineData("blob")]
    [InlineData("queue")]
    [InlineData("table")]
    [InlineData("vault")]
    public void PrivateEndpoints_Service_HasAnEndpointAndAZoneFromEnvironment(string groupId)
    {
        var endpoint = bicep.Template.SingleOfType("Microsoft.Network/privateEndpoints");
        var endpoints = endpoint.DeclaringTemplate["variables"]?["endpoints"] as JsonArray;
        Assert.NotNull(endpoints);

        var entry = endpoints.OfType<JsonObject>().SingleOrDefault(candidate => candidate["groupId"].Text() == groupId);
        Assert.NotNull(entry);
        Assert.Contains(
            "environment().suffixes.",
            ExpandVariables(endpoint.DeclaringTemplate, entry["zone"].Text()),
            StringComparison.Ordinal
        );
        Assert.Equal("[length(variables('endpoints'))]", endpoint.Resource["copy"]?["count"].Text());
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.KeyVault/vaults")]
    public void PublicNetworkAccess_PrivateNetworking_TurnsItOffAndDeniesByDefault(string resourceType)
    {
        var resource = bicep.Template.SingleOfType(resourceType);

        Assert.Equal("[if(parameters('privateNetworking'), 'Disabled', 'Enabled')]", resource.Properties["publicNetworkAccess"].Text());
        Assert.Equal("[if(parameters('privateNetworking'), 'Deny', 'Allow')]", resource.Properties["networkAcls"]?["defaultAction"].Text());
    }

    [Fact]
    public void VnetIntegration_FunctionApp_UsesTheNetworkModulesSubnet()
    {
        foreach (var plan in Enum.GetValues<HostingPlan>())
        {
            var site = bicep.Template.OnPlan("Microsoft.Web/sites", plan);
            Assert.Contains("parameters('appSubnetId')", site.Properties["virtualNetworkSubnetId"].Text(), StringComparison.Ordinal);
        }

        Assert.Contains(
            "'network'), '2025-04-01').outputs.appSubnetId.value",
            bicep.Template.Module("functionapp").Properties["parameters"]?["appSubnetId"].Text(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void StorageRedundancy_Default_IsZoneRedundant()
    {
        Assert.Equal("Standard_ZRS", RootParameters?["storageSkuName"]?["defaultValue"].Text());
        Assert.Equal(
            "[parameters('skuName')]",
            bicep.Template.SingleOfType("Microsoft.Storage/storageAccounts").Resource["sku"]?["name"].Text()
        );
    }

    [Theory]
    [InlineData("deleteRetentionPolicy", "blobSoftDeleteDays")]
    [InlineData("containerDeleteRetentionPolicy", "containerSoftDeleteDays")]
    public void SoftDelete_Period_IsAParameterOfAtLeastThirtyDays(string policy, string parameter)
    {
        var blobService = bicep.Template.SingleOfType("Microsoft.Storage/storageAccounts/blobServices");

        Assert.Equal($"[parameters('{parameter}')]", blobService.Properties[policy]?["days"].Text());
        Assert.True(RootParameters?["storageSoftDeleteDays"]?["defaultValue"]?.GetValue<int>() >= 30);
    }

    [Fact]
    public void Versioning_PreviousVersions_AreKeptForTheParameterisedPeriod()
    {
        var blobService = bicep.Template.SingleOfType("Microsoft.Storage/storageAccounts/blobServices");
        var lifecycle = bicep.Template.SingleOfType("Microsoft.Storage/storageAccounts/managementPolicies");

        Assert.Equal("true", blobService.Properties["isVersioningEnabled"]?.ToJsonString());
        Assert.Contains(CompiledTemplate.StringsOf(lifecycle.Properties), entry => entry.Text == "[parameters('versionRetentionDays')]");
        Assert.True(RootParameters?["storageVersionRetentionDays"]?["defaultValue"]?.GetValue<int>() >= 180);
    }

    [Theory]
    [InlineData("core.windows.net")]
    [InlineData("vault.azure.net")]
    [InlineData("vaultcore.azure.net")]
    [InlineData("core.chinacloudapi.cn")]
    public void Endpoints_PublicCloudHostName_IsNeverHardCoded(string hostSuffix)
    {
        var offenders = bicep
            .Template.Strings()
            .Where(entry => !entry.Path.EndsWith("$schema", StringComparison.Ordinal))
            .Where(entry => entry.Text.Contains(hostSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(entry => entry.Path)
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>The expression with each <c>variables('name')</c> it uses replaced by that variable's own text.</summary>
    private static string ExpandVariables(JsonObject template, string? expression)
    {
        var text = expression ?? string.Empty;
        foreach (var (name, value) in template["variables"]?.AsObject() ?? [])
        {
            text = text.Replace($"variables('{name}')", value.Text(), StringComparison.Ordinal);
        }

        return text;
    }
}
