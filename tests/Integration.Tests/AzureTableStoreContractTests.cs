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
}
