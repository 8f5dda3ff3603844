using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>
/// Issue 11: on Azure nobody is Administrator by sending a home-made <c>x-ms-client-principal</c>. The compiled
/// template turns App Service authentication on (authsettingsV2) with Entra ID, an optional OpenID Connect provider,
/// authentication required with 401 for API calls, and only the deliberately public routes excluded.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class AuthenticationTests(BicepFixture bicep)
{
    private static readonly string[] PublicPaths =
        [
            "/api/health", "/api/calendar/*", "/api/identifiers/*", "/api/dashboard", "/api/dashboard/*",
            "/api/openapi.json", "/api/docs", "/api/docs/*", "/api/problems", "/api/problems/*",
        ];

    private TemplateResource AuthSettings => bicep.Template.OfType("Microsoft.Web/sites/config")
        .Single(r => r.Name.Contains("'authsettingsV2'", StringComparison.Ordinal));

    private JsonObject AuthVariables => AuthSettings.DeclaringTemplate["variables"]?.AsObject()
        ?? throw new InvalidOperationException("The auth module declares no variables.");

    [Fact]
    public void AuthSettings_Platform_IsEnabled() =>
        Assert.Equal("true", AuthSettings.Properties["platform"]?["enabled"]?.ToJsonString());

    /// <summary>Blocks: anonymous calls reaching the anonymous HTTP triggers (every trigger is AuthorizationLevel.Anonymous).</summary>
    [Theory]
    [InlineData("requireAuthentication", "true")]
    [InlineData("unauthenticatedClientAction", "\"Return401\"")]
    public void GlobalValidation_UnauthenticatedApiCall_Gets401(string property, string expected) =>
        Assert.Equal(expected, AuthSettings.Properties["globalValidation"]?[property]?.ToJsonString());

    [Fact]
    public void GlobalValidation_ExcludedPaths_AreExactlyThePublicRoutes()
    {
        Assert.Equal("[variables('publicPaths')]", AuthSettings.Properties["globalValidation"]?["excludedPaths"].Text());
        var excluded = (AuthVariables["publicPaths"] as JsonArray)?.Select(p => p.Text()).ToArray();

        Assert.Equal(PublicPaths, excluded);
    }

    /// <summary>Blocks: a broad exclusion ("/api/*", "/*") that would expose cases, instances or the supervision data.</summary>
    [Theory]
    [InlineData("/api/cases")]
    [InlineData("/api/cases/LH-REG-411100-20250303-0001")]
    [InlineData("/api/instances/LH-REG-411100-20250303-0001")]
    [InlineData("/api/supervision/stats")]
    [InlineData("/api/reports/digests")]
    [InlineData("/api/notifications")]
    [InlineData("/api/registrations")]
    [InlineData("/api/coal-projects")]
    [InlineData("/api/probes/timer")]
    public void GlobalValidation_PersonalDataRoute_IsNotExcluded(string route)
    {
        var excluded = (AuthVariables["publicPaths"] as JsonArray)?.Select(p => p.Text() ?? string.Empty) ?? [];

        Assert.DoesNotContain(excluded, path =>
            path.EndsWith('*') ? route.StartsWith(path.TrimEnd('*'), StringComparison.Ordinal) : route == path);
    }

    [Fact]
    public void EntraId_Registration_UsesTenantAndClientIdParameters()
    {
        var entra = AuthVariables["entraId"]?["azureActiveDirectory"];

        Assert.Equal("true", entra?["enabled"]?.ToJsonString());
        Assert.Equal(
            "[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, parameters('tenantId'))]",
            entra?["registration"]?["openIdIssuer"].Text());
        Assert.Equal("[parameters('clientId')]", entra?["registration"]?["clientId"].Text());
        var audiences = (entra?["validation"]?["allowedAudiences"] as JsonArray)?.Select(a => a.Text()) ?? [];
        Assert.Contains("[format('api://{0}', parameters('clientId'))]", audiences);
        Assert.Equal("[union(variables('entraId'), variables('openIdConnect'))]", AuthSettings.Properties["identityProviders"].Text());
    }

    [Theory]
    [InlineData("tenantId", "[parameters('authTenantId')]")]
    [InlineData("clientId", "[parameters('authClientId')]")]
    [InlineData("oidcProviderName", "[parameters('oidcProviderName')]")]
    [InlineData("oidcWellKnownConfiguration", "[parameters('oidcWellKnownConfiguration')]")]
    [InlineData("oidcClientId", "[parameters('oidcClientId')]")]
    public void AuthModule_Parameter_ComesFromTheDeployment(string parameter, string expected) =>
        Assert.Equal(expected, bicep.Template.Module("auth").Properties["parameters"]?[parameter]?["value"].Text());

    [Fact]
    public void MainParameters_TenantDefaultsToTheDeployingTenantClientIdIsRequired()
    {
        var parameters = bicep.Template.Root["parameters"];

        Assert.Equal("[tenant().tenantId]", parameters?["authTenantId"]?["defaultValue"].Text());
        Assert.Null(parameters?["authClientId"]?["defaultValue"]);
        Assert.Equal("", parameters?["oidcProviderName"]?["defaultValue"].Text());
    }

    [Fact]
    public void ParametersFile_ClientIdAndOidc_ComeFromTheAzdEnvironment()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "bicep", "main.parameters.json")));
        var parameters = file?["parameters"];

        Assert.Equal("${WORKFLOWS_AUTH_CLIENT_ID}", parameters?["authClientId"]?["value"].Text());
        Assert.Equal("${WORKFLOWS_OIDC_PROVIDER=}", parameters?["oidcProviderName"]?["value"].Text());
        Assert.Equal("${WORKFLOWS_OIDC_WELL_KNOWN=}", parameters?["oidcWellKnownConfiguration"]?["value"].Text());
        Assert.Equal("${WORKFLOWS_OIDC_CLIENT_ID=}", parameters?["oidcClientId"]?["value"].Text());
    }

    /// <summary>The provincial unified identity platform: an OpenID Connect provider when its name is given.</summary>
    [Fact]
    public void OpenIdConnect_ProviderOption_IsConfiguredFromParameters()
    {
        var expression = AuthVariables["openIdConnect"].Text() ?? string.Empty;

        Assert.StartsWith(
            "[if(empty(parameters('oidcProviderName')), createObject(), createObject('customOpenIdConnectProviders'",
            expression,
            StringComparison.Ordinal);
        Assert.Contains("'wellKnownOpenIdConfiguration', parameters('oidcWellKnownConfiguration')", expression, StringComparison.Ordinal);
        Assert.Contains("'clientId', parameters('oidcClientId')", expression, StringComparison.Ordinal);
        Assert.Contains("'clientSecretSettingName', parameters('oidcCredentialSettingName')", expression, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenIdConnect_Credential_IsAKeyVaultReferenceNamedAsTheProviderReadsIt()
    {
        var value = bicep.Template.AppSettings()["PROVINCIAL_OIDC_CLIENT_SECRET"];

        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('oidcCredentialUri'))]", value);
        var passedToAuth = bicep.Template.Module("auth").Properties["parameters"]?["oidcCredentialSettingName"]?["value"].Text();
        Assert.Contains("outputs.oidcCredentialSettingName.value", passedToAuth, StringComparison.Ordinal);
        var declared = bicep.Template.Module("functionapp").Properties["template"]?["variables"]?["oidcCredentialSettingName"].Text();
        Assert.Equal("PROVINCIAL_OIDC_CLIENT_SECRET", declared);
    }

    /// <summary>The platform, not the template, says whether authentication is on: an app setting could lie.</summary>
    [Fact]
    public void AppSettings_WebsiteAuthEnabled_IsLeftToThePlatform() =>
        Assert.DoesNotContain("WEBSITE_AUTH_ENABLED", bicep.Template.AppSettings().Keys);

    [Theory]
    [InlineData("requireHttps", "true")]
    public void HttpSettings_Setting_IsSecure(string property, string expected) =>
        Assert.Equal(expected, AuthSettings.Properties["httpSettings"]?[property]?.ToJsonString());
}

/// <summary>Who a signed-in user is: the claim mapping and claim names reach the app as settings from the deployment.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class IdentitySettingsTests(BicepFixture bicep)
{
    [Theory]
    [InlineData("Identity__ClaimMappingsJson", "[parameters('identityClaimMappings')]")]
    [InlineData("Identity__AgencyClaimType", "[parameters('agencyClaimType')]")]
    [InlineData("Identity__UsccClaimType", "[parameters('usccClaimType')]")]
    public void AppSettings_IdentitySetting_ComesFromAParameter(string setting, string expected) =>
        Assert.Equal(expected, bicep.Template.AppSettings()[setting]);

    [Fact]
    public void MainParameters_ClaimNames_DefaultToWhatTheCodeAndTheScriptUse()
    {
        var parameters = bicep.Template.Root["parameters"];
        var defaults = new Workflows.Functions.Identity.IdentityOptions();

        Assert.Equal(defaults.AgencyClaimType, parameters?["agencyClaimType"]?["defaultValue"].Text());
        Assert.Equal(defaults.UsccClaimType, parameters?["usccClaimType"]?["defaultValue"].Text());
        Assert.Equal("[[]", parameters?["identityClaimMappings"]?["defaultValue"].Text()); // ARM escapes the literal "[]" as "[[]"
        var passed = bicep.Template.Module("functionapp").Properties["parameters"]?["identityClaimMappings"]?["value"].Text();
        Assert.Equal("[parameters('identityClaimMappings')]", passed);
    }
}
