using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Workflows.Functions.Storage;
using Workflows.Tests.Energy;

namespace Workflows.Integration.Tests.Energy;

/// <summary>The ledger contract on Azurite, whose Table service refuses what Azure refuses. Tables and the documents
/// container get names of this run's own (the Azurite may be shared with other runs).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzuriteSubstitutionLedgerStoreTests(AzuriteFixture azurite) : SubstitutionLedgerStoreContract, IAsyncLifetime
{
    private readonly string suffix = "t" + Guid.NewGuid().ToString("N")[..10];
    private readonly TableServiceClient tableService = new(azurite.ConnectionString);
    private readonly BlobServiceClient blobService = new(azurite.ConnectionString);

    protected override ITableStore Tables => new RenamedTables(new AzureTableStore(tableService), suffix);

    protected override IBlobStore Blobs => new RenamedContainers(new AzureBlobStore(blobService), suffix);

    public Task InitializeAsync() => Blobs.EnsureContainersAsync([StorageNames.Documents]);

    public async Task DisposeAsync()
    {
        await tableService.DeleteTableAsync(Functions.Energy.EnergyTables.Ledger + suffix);
        await blobService.DeleteBlobContainerAsync(StorageNames.Documents + "-" + suffix);
    }

    private sealed class RenamedTables(ITableStore inner, string suffix) : ITableStore
    {
        public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            inner.GetAsync(table + suffix, partitionKey, rowKey, cancellationToken);

        public Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
            string table,
            string partitionKey,
            string? rowKeyFrom = null,
            string? rowKeyTo = null,
            CancellationToken cancellationToken = default
        ) => inner.QueryPartitionAsync(table + suffix, partitionKey, rowKeyFrom, rowKeyTo, cancellationToken);

        public Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
            string table,
            string partitionFrom,
            string partitionTo,
            CancellationToken cancellationToken = default
        ) => inner.QueryPartitionRangeAsync(table + suffix, partitionFrom, partitionTo, cancellationToken);

        public Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default) =>
            inner.InsertAsync(table + suffix, row, cancellationToken);

        public Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default) =>
            inner.UpsertAsync(table + suffix, row, cancellationToken);

        public Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default) =>
            inner.ReplaceAsync(table + suffix, row, cancellationToken);

        public Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default) =>
            inner.SubmitTransactionAsync(table + suffix, rows, cancellationToken);

        public Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(table + suffix, partitionKey, rowKey, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
    }

    private sealed class RenamedContainers(IBlobStore inner, string suffix) : IBlobStore
    {
        private string Name(string container) => container + "-" + suffix;

        public Task<BlobItemInfo> PutAsync(
            string container,
            string name,
            ReadOnlyMemory<byte> data,
            string contentType,
            IReadOnlyDictionary<string, string>? metadata = null,
            bool overwrite = true,
            CancellationToken cancellationToken = default
        ) => inner.PutAsync(Name(container), name, data, contentType, metadata, overwrite, cancellationToken);

        public Task<BlobContent?> GetAsync(string container, string name, CancellationToken cancellationToken = default) =>
            inner.GetAsync(Name(container), name, cancellationToken);

        public Task<IReadOnlyList<BlobItemInfo>> ListAsync(
            string container,
            string? prefix = null,
            CancellationToken cancellationToken = default
        ) => inner.ListAsync(Name(container), prefix, cancellationToken);

        public Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(Name(container), name, cancellationToken);

        public Task EnsureContainersAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default) =>
            inner.EnsureContainersAsync(containers.Select(Name), cancellationToken);
    }
}
