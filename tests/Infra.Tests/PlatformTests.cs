namespace Workflows.Infra.Tests;

/// <summary>Key Vault, monitoring, azd conventions (tags, outputs, azure.yaml).</summary>
[Collection(BicepTestGroup.Name)]
public sealed class PlatformTests(BicepFixture bicep)
{
    [Fact]
    public void KeyVault_Authorization_IsRbac() =>
        Assert.Equal("true",
            bicep.Template.SingleOfType("Microsoft.KeyVault/vaults").Properties["enableRbacAuthorization"]?.ToJsonString());

    [Fact]
    public void KeyVault_WebhookSecret_ComesOnlyFromTheSecureParameter()
    {
        var secret = bicep.Template.SingleOfType("Microsoft.KeyVault/vaults/secrets");

        Assert.Equal("[parameters('webhookUrl')]", secret.Properties["value"].Text());
        Assert.Equal("securestring", secret.DeclaringTemplate["parameters"]?["webhookUrl"]?["type"].Text());
        Assert.Equal("securestring", bicep.Template.Root["parameters"]?["notificationWebhookUrl"]?["type"].Text());
    }

    [Fact]
    public void ApplicationInsights_LocalAuth_IsDisabledAndWorkspaceBased()
    {
        var component = bicep.Template.SingleOfType("Microsoft.Insights/components");
        bicep.Template.SingleOfType("Microsoft.OperationalInsights/workspaces");

        Assert.Equal("true", component.Properties["DisableLocalAuth"]?.ToJsonString());
        Assert.False(string.IsNullOrEmpty(component.Properties["WorkspaceResourceId"].Text()));
    }

    [Fact]
    public void ResourceGroup_Tags_CarryTheAzdEnvironmentName()
    {
        var group = bicep.Template.SingleOfType("Microsoft.Resources/resourceGroups");

        Assert.Equal("[variables('tags')]", group.Resource["tags"].Text());
        Assert.Equal("[parameters('environmentName')]", bicep.Template.Root["variables"]?["tags"]?["azd-env-name"].Text());
    }

    [Theory]
    [InlineData("environmentName")]
    [InlineData("location")]
    public void Parameters_AzdParameter_IsDeclaredAndMapped(string parameter)
    {
        Assert.NotNull(bicep.Template.Root["parameters"]?[parameter]);
        var parametersFile = File.ReadAllText(RepositoryRoot.Combine("infra", "bicep", "main.parameters.json"));
        Assert.Contains($"\"{parameter}\"", parametersFile, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    public void Outputs_AzdOutput_IsDeclared(string output) =>
        Assert.NotNull(bicep.Template.Root["outputs"]?[output]);

    [Theory]
    [InlineData("path: infra/bicep")]
    [InlineData("provider: bicep")]
    [InlineData("api:")]
    [InlineData("project: src/Functions")]
    [InlineData("language: dotnet")]
    [InlineData("host: function")]
    public void AzureYaml_Line_IsPresent(string line)
    {
        var lines = File.ReadLines(RepositoryRoot.Combine("azure.yaml")).Select(text => text.Trim());

        Assert.Contains(line, lines);
    }

    [Fact]
    public void AzureYaml_ServiceProject_IsTheFunctionsProject() =>
        Assert.True(File.Exists(RepositoryRoot.Combine("src", "Functions", "Workflows.Functions.csproj")));
}
