using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Workflows.Functions.Configuration;

namespace Workflows.Functions.Storage;

/// <summary>
/// Builds storage clients from the <c>AzureWebJobsStorage</c> setting, the same way the Functions host reads it:
/// either a connection string (Azurite, or a real account locally) or the identity-based form
/// (<c>AzureWebJobsStorage__accountName</c>, optional <c>__credential=managedidentity</c> and <c>__clientId</c>).
/// </summary>
public sealed class StorageClients
{
    public StorageClients(IConfiguration configuration)
    {
        var connectionString = configuration[SettingNames.Storage];
        var section = configuration.GetSection(SettingNames.Storage);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            ConnectionString = connectionString;
            Tables = new TableServiceClient(connectionString);
            Blobs = new BlobServiceClient(connectionString);
            Description =
                connectionString.Contains("devstoreaccount1", StringComparison.Ordinal)
                || connectionString.Contains("UseDevelopmentStorage", StringComparison.Ordinal)
                    ? "Azurite (development storage)"
                    : "storage account " + Tables.AccountName;
        }
        else if (!string.IsNullOrWhiteSpace(section["accountName"]))
        {
            var accountName = section["accountName"]!;
            Credential = section["credential"] is "managedidentity"
                ? new ManagedIdentityCredential(
                    string.IsNullOrEmpty(section["clientId"])
                        ? ManagedIdentityId.SystemAssigned
                        : ManagedIdentityId.FromUserAssignedClientId(section["clientId"])
                )
                : new DefaultAzureCredential();
            AccountName = accountName;
            Tables = new TableServiceClient(new Uri($"https://{accountName}.table.core.windows.net"), Credential);
            Blobs = new BlobServiceClient(new Uri($"https://{accountName}.blob.core.windows.net"), Credential);
            Description = $"storage account {accountName} (identity-based)";
        }
        else
        {
            throw new InvalidOperationException(
                $"No storage configured: set '{SettingNames.Storage}' to a connection string or '{SettingNames.Storage}__accountName' for identity-based access."
            );
        }
    }

    public string? ConnectionString { get; }

    public string? AccountName { get; }

    public TokenCredential? Credential { get; }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public string Description { get; }
}
