using Azure.Data.Tables;
using Workflows.Functions.Storage;
using Workflows.Tests.Storage;

namespace Workflows.Integration.Tests;

/// <summary>The table-store contract the in-memory store passes, against Table storage (Azurite).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableStoreContractTests(AzuriteFixture azurite) : TableStoreContract, IAsyncLifetime
{
    private readonly TableServiceClient service = new(azurite.ConnectionString);

    protected override ITableStore Store => new AzureTableStore(service);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await service.DeleteTableAsync(Table);

    /// <summary>The rules the stores apply are Azurite's own: written past the store, it refuses the same rows.</summary>
    [Theory]
    [InlineData("property")]
    [InlineData("key#")]
    [InlineData("key?")]
    [InlineData("key\\")]
    [InlineData("key/")]
    public async Task RawTableClient_RowTheRulesRefuse_AzuriteRefusesToo(string kind)
    {
        var client = service.GetTableClient(Table);
        await client.CreateIfNotExistsAsync();
        var entity =
            kind == "property"
                ? new TableEntity("p", "r") { ["Json"] = new string('x', (AzureStorageRules.MaxPropertyBytes / 2) + 1) }
                : new TableEntity("p", "r" + kind[^1]);
        var row = new TableRow(
            entity.PartitionKey,
            entity.RowKey,
            entity.Keys.Where(k => k == "Json").ToDictionary(k => k, k => (string)entity[k])
        );

        Assert.Throws<StorageRuleException>(() => AzureStorageRules.CheckRow(Table, row));
        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => client.AddEntityAsync(entity));
    }
}
