namespace Workflows.Functions.Configuration;

/// <summary>
/// Every application setting the Functions app reads, declared once. The infra tests check that the compiled
/// Bicep template provides each of these (identity-based storage: the <c>__accountName</c> form).
/// </summary>
public static class SettingNames
{
    /// <summary>Storage connection used by the Functions host, the durable task hub and our own tables and blobs.
    /// On Azure: <c>AzureWebJobsStorage__accountName</c> + <c>__credential</c> + <c>__clientId</c>; locally a connection string.</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>Durable task hub name (host.json reads it as <c>%WORKFLOWS_TASKHUB%</c>).</summary>
    public const string TaskHub = "WORKFLOWS_TASKHUB";

    /// <summary>Group-robot webhook URL for notifications (a Key Vault reference on Azure; it embeds a token).</summary>
    public const string NotificationWebhookUrl = "WORKFLOWS_NOTIFICATION_WEBHOOK_URL";
}
