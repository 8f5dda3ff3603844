using System.Reflection;
using Workflows.Functions.Configuration;

namespace Workflows.Infra.Tests;

/// <summary>The function app's settings: complete for the code, identity-based, no secrets.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class AppSettingsTests(BicepFixture bicep)
{
    // Identity-based connections replace "<connection>" by "<connection>__<property>" settings
    // (https://learn.microsoft.com/azure/azure-functions/functions-reference#configure-an-identity-based-connection).
    private static readonly string[] IdentityConnectionSuffixes =
        ["__accountName", "__serviceUri", "__blobServiceUri", "__fullyQualifiedNamespace"];

    /// <summary>Every <c>public const string</c> of <see cref="SettingNames"/>: the settings the code reads.</summary>
    public static TheoryData<string> SettingsTheCodeReads() => new(SettingNameConstants());

    private static IEnumerable<string> SettingNameConstants() =>
        typeof(SettingNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field is { IsLiteral: true, IsInitOnly: false } && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);

    [Theory]
    [InlineData(SettingNames.Storage)]
    [InlineData(SettingNames.TaskHub)]
    [InlineData(SettingNames.NotificationWebhookUrl)]
    public void SettingNameConstants_Reflection_FindsKnownConstant(string settingName) =>
        Assert.Contains(settingName, SettingNameConstants());

    [Theory]
    [MemberData(nameof(SettingsTheCodeReads))]
    public void AppSettings_SettingTheCodeReads_IsProvided(string settingName)
    {
        var settings = bicep.Template.AppSettings();

        var provided = settings.ContainsKey(settingName)
            || IdentityConnectionSuffixes.Any(suffix => settings.ContainsKey(settingName + suffix));

        Assert.True(provided,
            $"The function app does not set '{settingName}' (nor an identity-based '{settingName}__accountName'). " +
            $"Settings present: {string.Join(", ", settings.Keys)}.");
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__credential", "managedidentity")]
    [InlineData("AzureWebJobsStorage__accountName", "[parameters('storageAccountName')]")]
    [InlineData("AzureWebJobsStorage__clientId", "[parameters('identityClientId')]")]
    public void AppSettings_HostStorage_IsIdentityBased(string settingName, string expectedValue) =>
        Assert.Equal(expectedValue, bicep.Template.AppSettings()[settingName]);

    [Theory]
    [InlineData("AzureWebJobsStorage")] // would be a connection string; the identity-based __ form replaces it
    [InlineData("FUNCTIONS_WORKER_RUNTIME")] // Flex Consumption takes the runtime from functionAppConfig and rejects it
    [InlineData("FUNCTIONS_EXTENSION_VERSION")] // likewise rejected on Flex Consumption
    [InlineData("WEBSITE_TIME_ZONE")] // not supported on Flex: schedules are written in China time in code instead
    [InlineData("APPINSIGHTS_INSTRUMENTATIONKEY")] // local auth is disabled; the connection string + AAD replace it
    public void AppSettings_SettingNotAllowedOnThisPlan_IsAbsent(string settingName) =>
        Assert.DoesNotContain(settingName, bicep.Template.AppSettings().Keys);

    [Fact]
    public void AppSettings_NotificationWebhook_IsKeyVaultReference()
    {
        var value = bicep.Template.AppSettings()[SettingNames.NotificationWebhookUrl];

        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", value, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_ApplicationInsightsAuthentication_UsesEntraIdWithTheAppIdentity()
    {
        var value = bicep.Template.AppSettings()["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", value);
    }

    [Fact]
    public void AppSettings_EveryValue_LooksLikeNoSecretOrKeyedConnectionString()
    {
        var suspicious = bicep.Template.AppSettings()
            .SelectMany(setting => SecretHeuristics.Suspicions(setting.Value)
                .Select(reason => $"{setting.Key} = {setting.Value}: {reason}"))
            .ToList();

        Assert.Empty(suspicious);
    }
}
