using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>The Flex Consumption plan and function app configuration.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class FunctionAppTests(BicepFixture bicep)
{
    private TemplateResource Site => bicep.Template.OnPlan("Microsoft.Web/sites", HostingPlan.FlexConsumption);

    private JsonObject FunctionAppConfig =>
        Site.Properties["functionAppConfig"]?.AsObject()
        ?? throw new InvalidOperationException("The function app has no functionAppConfig.");

    [Theory]
    [InlineData("name", "FC1")]
    [InlineData("tier", "FlexConsumption")]
    public void Plan_Sku_IsFlexConsumption(string property, string expected) =>
        Assert.Equal(
            expected,
            bicep.Template.OnPlan("Microsoft.Web/serverfarms", HostingPlan.FlexConsumption).Resource["sku"]?[property].Text()
        );

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
    public void Site_HttpsOnly_IsTrue() => Assert.Equal("true", Site.Properties["httpsOnly"]?.ToJsonString());

    [Theory]
    [InlineData("ftp")]
    [InlineData("scm")]
    public void PublishingCredentials_BasicAuth_IsDisabled(string policy)
    {
        var credentials = bicep
            .Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .SingleOrDefault(resource => resource.Name.Contains($"'{policy}'", StringComparison.Ordinal));

        Assert.NotNull(credentials);
        Assert.Equal("false", credentials.Properties["allow"]?.ToJsonString());
    }

    [Fact]
    public void Tags_FunctionApp_IsTheAzdApiService()
    {
        var module = bicep.Template.Module("functionapp");

        Assert.Equal("api", module.Properties["parameters"]?["azdServiceName"]?["value"].Text());
        Assert.Equal(
            "[union(parameters('tags'), createObject('azd-service-name', parameters('azdServiceName')))]",
            Site.Resource["tags"].Text()
        );
    }

    /// <summary>Issue 18: where Flex Consumption is not offered (a region, a sovereign cloud), the same template deploys
    /// on Elastic Premium EP1, chosen by one parameter whose default stays Flex Consumption.</summary>
    [Fact]
    public void HostingPlan_Parameter_OffersFlexConsumptionByDefaultAndElasticPremium()
    {
        var parameter = bicep.Template.Root["parameters"]?["hostingPlan"];

        Assert.Equal("FlexConsumption", parameter?["defaultValue"].Text());
        Assert.Equal(["FlexConsumption", "ElasticPremium"], (parameter?["allowedValues"] as JsonArray)?.Select(v => v.Text()));
        Assert.Equal(
            "[parameters('hostingPlan')]",
            bicep.Template.Module("functionapp").Properties["parameters"]?["hostingPlan"]?["value"].Text()
        );
    }

    [Theory]
    [InlineData("name", "EP1")]
    [InlineData("tier", "ElasticPremium")]
    public void PremiumPlan_Sku_IsElasticPremium1(string property, string expected) =>
        Assert.Equal(
            expected,
            bicep.Template.OnPlan("Microsoft.Web/serverfarms", HostingPlan.ElasticPremium).Resource["sku"]?[property].Text()
        );

    [Fact]
    public void PremiumSite_Runtime_IsDotnetIsolated10OnLinuxWithTheSameIdentityAndSettings()
    {
        var site = bicep.Template.OnPlan("Microsoft.Web/sites", HostingPlan.ElasticPremium);
        var premium = bicep.Template.AppSettings(HostingPlan.ElasticPremium);
        var flex = bicep.Template.AppSettings();

        Assert.Equal("DOTNET-ISOLATED|10.0", site.Properties["siteConfig"]?["linuxFxVersion"].Text());
        Assert.Null(site.Properties["functionAppConfig"]);
        Assert.Equal("true", site.Properties["httpsOnly"]?.ToJsonString());
        Assert.Equal("[parameters('identityId')]", site.Properties["keyVaultReferenceIdentity"].Text());
        Assert.Equal("dotnet-isolated", premium["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("~4", premium["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.All(flex, setting => Assert.Equal(setting.Value, premium[setting.Key]));
        // Azure Files would need an account key (WEBSITE_CONTENTAZUREFILECONNECTIONSTRING): none on either plan.
        Assert.DoesNotContain("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", premium.Keys);
        Assert.DoesNotContain("AzureWebJobsStorage", premium.Keys);
    }

    [Fact]
    public void PremiumSite_AlwaysReadyAndScaleLimit_ComeFromTheSameParameters()
    {
        var siteConfig = bicep.Template.OnPlan("Microsoft.Web/sites", HostingPlan.ElasticPremium).Properties["siteConfig"];

        Assert.Equal("[max(parameters('durableAlwaysReadyInstances'), 1)]", siteConfig?["minimumElasticInstanceCount"].Text());
        Assert.Equal("[parameters('maximumInstanceCount')]", siteConfig?["functionAppScaleLimit"].Text());
    }

    /// <summary>Both options compile as deployments: a parameters file choosing each plan builds against the template
    /// (the CLI checks the value against the allowed ones and every required parameter).</summary>
    [Theory]
    [InlineData("FlexConsumption", 0)]
    [InlineData("ElasticPremium", 0)]
    [InlineData("Consumption", 1)]
    public void HostingPlan_ParametersFileChoosingAPlan_BuildsOnlyForAnOfferedPlan(string plan, int expectedExitCode)
    {
        var folder = Directory.CreateTempSubdirectory("workflows-bicepparam-");
        try
        {
            // A parameters file names its template by a relative path.
            var main = Path.GetRelativePath(folder.FullName, RepositoryRoot.Combine("infra", "bicep", "main.bicep")).Replace('\\', '/');
            var file = Path.Combine(folder.FullName, "plan.bicepparam");
            File.WriteAllText(
                file,
                $"""
                using '{main}'
                param environmentName = 'plan-check'
                param location = 'chinanorth3'
                param authClientId = '00000000-0000-0000-0000-000000000001'
                param hostingPlan = '{plan}'
                """
            );

            var result = bicep.RunBicep(["build-params", file, "--stdout"]);

            Assert.True(result.ExitCode == expectedExitCode, result.Describe());
            // Built: the plan is in the parameters; refused: the error lists the plans the template offers.
            var text = expectedExitCode == 0 ? result.StandardOutput : result.Describe();
            Assert.Contains(expectedExitCode == 0 ? plan : "'ElasticPremium'", text, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
