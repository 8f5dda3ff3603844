using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workflows.Functions.Configuration;
using Workflows.Functions.Hosting;
using Workflows.Functions.Identity;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;

namespace Workflows.Infra.Tests;

/// <summary>
/// Issue 21 item 3: the function app's settings, with the values the Bicep template gives them, bind in the worker's
/// own composition root (<see cref="FunctionsAppComposition"/>, what Program.cs runs): identity mode, limits, task
/// hub, webhook, storage by identity. The template's ARM expressions are evaluated with sample deployment values;
/// the Key Vault reference is what the platform resolves (keyVaultReferenceIdentity) before the worker reads it.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed partial class AppSettingsBindTests(BicepFixture bicep)
{
    private const string StorageAccount = "stwf7k2m4qx3a";
    private const string IdentityClientId = "3f2b8c1e-5d4a-4e6f-9a7b-2c1d0e9f8a7b";

    /// <summary>An Entra group of the Luohe bureau's registration officers (docs/deploy.md, "Claim mapping").</summary>
    private const string SampleClaimMappings =
        "[{\"claimType\":\"groups\",\"claimValue\":\"5c1d7e2a-9b3f-4a6c-8d0e-1f2a3b4c5d6e\","
        + "\"role\":\"RegistrationOfficer\",\"agency\":\"411100\"}]";
    private const string ResolvedWebhook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=resolved-by-key-vault";

    /// <summary>Every setting the code reads (<see cref="SettingNames"/>) and what the worker makes of its template value.</summary>
    private static readonly Dictionary<string, Func<IServiceProvider, string?>> Observed = new()
    {
        [SettingNames.Storage] = sp => sp.GetRequiredService<StorageClients>().AccountName,
        [SettingNames.TaskHub] = sp => sp.GetRequiredService<IOptions<WorkflowsOptions>>().Value.TaskHub,
        [SettingNames.NotificationWebhookUrl] = sp => sp.GetRequiredService<IOptions<NotificationOptions>>().Value.WebhookUrl,
    };

    public static TheoryData<string> SettingsTheCodeReads() =>
        new(
            typeof(SettingNames)
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue()!)
        );

    [Theory]
    [MemberData(nameof(SettingsTheCodeReads))]
    public void AppSettings_SettingTheCodeReads_BindsInTheWorkerHost(string settingName)
    {
        Assert.True(Observed.TryGetValue(settingName, out var observe), $"No bind check for setting '{settingName}': add one here.");
        using var host = BuildWorkerHost();

        var expected = settingName == SettingNames.Storage ? StorageAccount : DeployedSettings()[settingName];

        Assert.Equal(expected, observe(host.Services));
    }

    [Fact]
    public void AppSettings_StorageByIdentity_UsesTheUserAssignedManagedIdentity()
    {
        using var host = BuildWorkerHost();
        var storage = host.Services.GetRequiredService<StorageClients>();

        Assert.Null(storage.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(storage.Credential);
        Assert.Equal($"https://{StorageAccount}.table.core.windows.net/", storage.Tables.Uri.ToString());
        Assert.Equal($"https://{StorageAccount}.blob.core.windows.net/", storage.Blobs.Uri.ToString());
        Assert.Equal($"storage account {StorageAccount} (identity-based)", host.Services.GetRequiredService<StorageDescription>().Text);
    }

    [Fact]
    public void AppSettings_IdentityMode_TrustsAppServiceAuthenticationAndHoldsNoApiKeys()
    {
        using var host = BuildWorkerHost();
        var identity = host.Services.GetRequiredService<IOptions<IdentityOptions>>().Value;

        Assert.True(identity.TrustClientPrincipalHeader);
        Assert.True(identity.TrustsClientPrincipal);
        Assert.Empty(identity.ApiKeys);
        var mapping = Assert.Single(identity.ClaimMappings);
        Assert.Equal(
            ("groups", Workflows.Domain.Access.Role.RegistrationOfficer, "411100"),
            (mapping.ClaimType, mapping.Role, mapping.Agency)
        );
        Assert.Equal("workflows_agency", identity.AgencyClaimType);
    }

    [Fact]
    public void AppSettings_Webhook_ResolvedKeyVaultReferenceIsAConfiguredChannel()
    {
        using var host = BuildWorkerHost();

        Assert.True(host.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.WebhookConfigured);
    }

    [Fact]
    public void AppSettings_Limits_EverySettingTheTemplateSetsBindsAndTheRestKeepTheirDefaults()
    {
        using var host = BuildWorkerHost();
        var limits = host.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var defaults = new LimitsOptions();
        var set = DeployedSettings()
            .Where(s => s.Key.StartsWith(LimitsOptions.SectionName + "__", StringComparison.Ordinal))
            .ToDictionary(s => s.Key[(LimitsOptions.SectionName.Length + 2)..], s => s.Value);

        foreach (var property in typeof(LimitsOptions).GetProperties())
        {
            var expected = set.TryGetValue(property.Name, out var text)
                ? Convert.ChangeType(text, property.PropertyType, CultureInfo.InvariantCulture)
                : property.GetValue(defaults);
            Assert.True(
                Equals(expected, property.GetValue(limits)),
                $"Limits:{property.Name} is {property.GetValue(limits)}, expected {expected}."
            );
        }

        Assert.All(set.Keys, name => Assert.True(typeof(LimitsOptions).GetProperty(name) is not null, $"Limits__{name} names no limit."));
    }

    /// <summary>The worker's host as Program.cs builds it, given the deployed app settings (the Functions host passes
    /// app settings as environment variables, where <c>__</c> separates configuration sections).</summary>
    private IHost BuildWorkerHost()
    {
        var configuration = DeployedSettings().ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value);
        // Not an app setting: App Service sets it itself when the template's authsettingsV2 turns authentication on.
        configuration[WorkflowsIdentityRegistration.PlatformAuthenticationSetting] = "true";
        var builder = FunctionsAppComposition.CreateBuilder(
            [],
            StorageMode.AzureStorage,
            b =>
            {
                foreach (var file in b.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.FileConfigurationSource>().ToList())
                {
                    b.Configuration.Sources.Remove(file); // the deployed app holds no appsettings.json
                }

                b.Configuration.AddInMemoryCollection(configuration);
            }
        );
        return builder.Build();
    }

    /// <summary>The template's app settings with their ARM expressions evaluated for a sample deployment.</summary>
    private Dictionary<string, string> DeployedSettings()
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["storageAccountName"] = StorageAccount,
            ["identityClientId"] = IdentityClientId,
            ["applicationInsightsConnectionString"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000",
            ["taskHubName"] = bicep.Template.Root["parameters"]?["taskHubName"]?["defaultValue"]?.GetValue<string>() ?? "(no default)",
            ["webhookSecretUri"] = "https://kv-wf7k2m4qx3a.vault.azure.net/secrets/notification-webhook",
            ["identityClaimMappings"] = SampleClaimMappings,
            ["agencyClaimType"] = "workflows_agency",
            ["usccClaimType"] = "workflows_uscc",
            ["oidcCredentialUri"] = "https://kv-wf7k2m4qx3a.vault.azure.net/secrets/provincial-oidc",
        };
        return bicep.Template.AppSettings().ToDictionary(s => s.Key, s => Resolve(Evaluate(s.Value, parameters)), StringComparer.Ordinal);
    }

    private static string Evaluate(string value, Dictionary<string, string> parameters)
    {
        if (!value.StartsWith('[') || !value.EndsWith(']'))
        {
            return value;
        }

        string Parameter(Match m) =>
            parameters.TryGetValue(m.Groups[1].Value, out var v)
                ? v
                : throw new InvalidOperationException($"No sample value for template parameter '{m.Groups[1].Value}'.");
        var expression = value[1..^1];
        if (ParameterExpression().Match(expression) is { Success: true } single && single.Length == expression.Length)
        {
            return Parameter(single);
        }

        var format = FormatExpression().Match(expression);
        Assert.True(format.Success, $"The app setting value {value} is an ARM expression this test cannot evaluate.");
        var arguments = ParameterExpression().Matches(format.Groups[2].Value).Select(Parameter).ToArray<object>();
        return string.Format(CultureInfo.InvariantCulture, format.Groups[1].Value, arguments);
    }

    /// <summary>App Service resolves a Key Vault reference before the worker starts; the code sees the secret.</summary>
    private static string Resolve(string value) =>
        value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal) ? ResolvedWebhook : value;

    [GeneratedRegex(@"parameters\('(\w+)'\)")]
    private static partial Regex ParameterExpression();

    [GeneratedRegex(@"^format\('([^']*)',\s*(.+)\)$")]
    private static partial Regex FormatExpression();
}
