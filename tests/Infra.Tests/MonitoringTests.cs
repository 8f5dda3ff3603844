using System.Text.Json.Nodes;

namespace Workflows.Infra.Tests;

/// <summary>
/// Retention, diagnostic settings, the action group, the alerts and the supervision workbook (issue 18). Logs are
/// kept at least six months (网络安全法 Cybersecurity Law Art. 21).
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class MonitoringTests(BicepFixture bicep)
{
    private const int SixMonthsInDays = 180;
    private const string DiagnosticSettingsType = "Microsoft.Insights/diagnosticSettings";

    [Fact]
    public void Workspace_Retention_IsAtLeastSixMonthsByDefaultAndByRule()
    {
        var workspace = bicep.Template.SingleOfType("Microsoft.OperationalInsights/workspaces");
        var parameters = bicep.Template.Root["parameters"]?["logRetentionInDays"];

        Assert.Equal("[parameters('retentionInDays')]", workspace.Properties["retentionInDays"].Text());
        Assert.Equal("[parameters('logRetentionInDays')]",
            bicep.Template.Module("monitoring").Properties["parameters"]?["retentionInDays"]?["value"].Text());
        Assert.True(parameters?["defaultValue"]?.GetValue<int>() >= SixMonthsInDays, "logRetentionInDays defaults below 180.");
        Assert.True(parameters?["minValue"]?.GetValue<int>() >= SixMonthsInDays, "logRetentionInDays accepts less than 180.");
        Assert.True(workspace.DeclaringTemplate["parameters"]?["retentionInDays"]?["minValue"]?.GetValue<int>() >= SixMonthsInDays,
            "The monitoring module accepts less than 180 days.");
    }

    [Theory]
    [InlineData("Microsoft.Web/sites", "FunctionAppLogs")]
    [InlineData("Microsoft.KeyVault/vaults", "audit")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices", "StorageWrite")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices", "StorageWrite")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices", "StorageWrite")]
    public void DiagnosticSettings_Resource_SendsItsLogsToLogAnalytics(string scopeType, string category)
    {
        var setting = DiagnosticSettingsOn(scopeType);
        var logs = Resolve(setting, setting.Properties["logs"]) as JsonArray;

        Assert.Equal("[parameters('workspaceId')]", setting.Properties["workspaceId"].Text());
        Assert.NotNull(logs);
        Assert.Contains(logs.OfType<JsonObject>(), log =>
            (log["category"].Text() == category || log["categoryGroup"].Text() == category)
            && log["enabled"]?.ToJsonString() == "true");
    }

    [Theory]
    [InlineData("storage")]
    [InlineData("keyvault")]
    [InlineData("functionapp")]
    public void DiagnosticSettings_Module_GetsTheWorkspaceOfTheMonitoringModule(string module)
    {
        var passed = bicep.Template.Module(module).Properties["parameters"]?["workspaceId"]?["value"].Text() ?? string.Empty;

        Assert.Contains("'Microsoft.Resources/deployments', 'monitoring')", passed, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.workspaceId.value]", passed, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnosticSettings_StorageAccount_SendsTransactionMetrics()
    {
        var setting = DiagnosticSettingsOn("Microsoft.Storage/storageAccounts");

        Assert.Equal("[parameters('workspaceId')]", setting.Properties["workspaceId"].Text());
        Assert.Contains("Transaction", Resolve(setting, setting.Properties["metrics"])?.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alertEmail", "emailReceivers")]
    [InlineData("alertWebhookUrl", "webhookReceivers")]
    public void ActionGroup_Receiver_ComesFromAParameter(string parameter, string receivers)
    {
        var group = bicep.Template.SingleOfType("Microsoft.Insights/actionGroups");

        Assert.Contains($"parameters('{parameter}')", group.Properties[receivers].Text(), StringComparison.Ordinal);
        Assert.NotNull(bicep.Template.Root["parameters"]?[parameter]);
        Assert.Equal($"[parameters('{parameter}')]",
            bicep.Template.Module("monitoring").Properties["parameters"]?[parameter]?["value"].Text());
    }

    [Fact]
    public void ActionGroup_WebhookParameter_IsSecure() =>
        Assert.Equal("securestring", bicep.Template.Root["parameters"]?["alertWebhookUrl"]?["type"].Text());

    [Theory]
    [InlineData("overdue-cases-rising", "workflows.cases.overdue")]
    [InlineData("notification-failures", "workflows.notifications.failed")]
    [InlineData("quarantined-files", "workflows.drops.quarantined")]
    [InlineData("function-failures", "Success == false")]
    [InlineData("health-503", "ResultCode == \"503\"")]
    public void Alerts_Alert_QueriesItsSignalAndNotifiesTheActionGroup(string alertName, string queryFragment)
    {
        var rule = bicep.Template.SingleOfType("Microsoft.Insights/scheduledQueryRules");
        var alerts = rule.DeclaringTemplate["variables"]?["alerts"] as JsonArray;
        Assert.NotNull(alerts);

        var alert = alerts.OfType<JsonObject>().SingleOrDefault(candidate => candidate["name"].Text() == alertName);
        Assert.NotNull(alert);
        Assert.Contains(queryFragment, alert["query"].Text(), StringComparison.Ordinal);
        Assert.Equal("[length(variables('alerts'))]", rule.Resource["copy"]?["count"].Text());
        Assert.Contains("Microsoft.Insights/actionGroups", rule.Properties["actions"]?["actionGroups"]?.ToJsonString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Workbook_SupervisionView_IsDeployedOnTheWorkspace()
    {
        var workbook = bicep.Template.SingleOfType("Microsoft.Insights/workbooks");

        Assert.Contains("Supervision view", workbook.Properties["displayName"].Text(), StringComparison.Ordinal);
        Assert.Contains("workflows.cases.overdue", workbook.Properties["serializedData"].Text(), StringComparison.Ordinal);
    }

    /// <summary>A property written as <c>[variables('name')]</c> resolved to that variable of the declaring template.</summary>
    private static JsonNode? Resolve(TemplateResource resource, JsonNode? node)
    {
        var text = node.Text() ?? string.Empty;
        const string Prefix = "[variables('";
        return text.StartsWith(Prefix, StringComparison.Ordinal) && text.EndsWith("')]", StringComparison.Ordinal)
            ? resource.DeclaringTemplate["variables"]?[text[Prefix.Length..^3]]
            : node;
    }

    private TemplateResource DiagnosticSettingsOn(string scopeType)
    {
        var matches = bicep.Template.OfType(DiagnosticSettingsType)
            .Where(setting => setting.Resource["scope"].Text()?.StartsWith($"[resourceId('{scopeType}',", StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(matches.Count == 1, $"Expected one diagnostic setting on {scopeType}, found {matches.Count}.");
        return matches[0];
    }
}
