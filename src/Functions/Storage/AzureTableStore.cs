using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace Workflows.Functions.Storage;

/// <summary><see cref="ITableStore"/> over Azure Table storage (Azure or Azurite).</summary>
public sealed class AzureTableStore(TableServiceClient service) : ITableStore
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tables = new(StringComparer.Ordinal);

    private Task<TableClient> TableAsync(string name, CancellationToken ct) =>
        tables
            .GetOrAdd(
                name,
                n => new Lazy<Task<TableClient>>(async () =>
                {
                    var client = service.GetTableClient(n);
                    await client.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
                    return client;
                })
            )
            .Value;

    public async Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        if (AzureStorageRules.KeyProblem(partitionKey) is not null || AzureStorageRules.KeyProblem(rowKey) is not null)
        {
            return null; // no entity can have such a key (Table storage answers 400 instead of 404)
        }

        var client = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        var response = await client
            .GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? ToRow(response.Value!) : null;
    }

    public async Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
        string table,
        string partitionKey,
        string? rowKeyFrom = null,
        string? rowKeyTo = null,
        CancellationToken cancellationToken = default
    )
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        if (rowKeyFrom is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {rowKeyFrom}");
        }

        if (rowKeyTo is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {rowKeyTo}");
        }

        return await QueryAsync(table, filter, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TableRow>> QueryPageAsync(
        string table,
        string partitionKey,
        string? rowKeyAfter,
        string? rowKeyTo,
        int maxRows,
        CancellationToken cancellationToken = default
    )
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        if (rowKeyAfter is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {rowKeyAfter}");
        }

        if (rowKeyTo is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {rowKeyTo}");
        }

        var client = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        var rows = new List<TableRow>(Math.Min(maxRows, 1000));
        // The service returns at most 1,000 rows per response; the pages are fetched lazily and left once enough arrived.
        var pages = client.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(maxRows, 1, 1000), cancellationToken: cancellationToken);
        await foreach (var entity in pages.ConfigureAwait(false))
        {
            rows.Add(ToRow(entity));
            if (rows.Count >= maxRows)
            {
                break;
            }
        }

        return rows;
    }

    public Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
        string table,
        string partitionFrom,
        string partitionTo,
        CancellationToken cancellationToken = default
    ) =>
        QueryAsync(
            table,
            TableClient.CreateQueryFilter($"PartitionKey ge {partitionFrom} and PartitionKey lt {partitionTo}"),
            cancellationToken
        );

    private async Task<IReadOnlyList<TableRow>> QueryAsync(string table, string filter, CancellationToken ct)
    {
        var client = await TableAsync(table, ct).ConfigureAwait(false);
        var rows = new List<TableRow>();
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(ToRow(entity));
        }

        return rows;
    }

    public async Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        var client = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await client.AddEntityAsync(ToEntity(row), cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} already exists.", e);
        }
    }

    public async Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        var client = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        var response = await client.UpsertEntityAsync(ToEntity(row), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag?.ToString() ?? string.Empty;
    }

    public async Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        var client = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await client
                .UpdateEntityAsync(ToEntity(row), new ETag(row.ETag ?? "*"), TableUpdateMode.Replace, cancellationToken)
                .ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} was changed by someone else.", e);
        }
    }

    public async Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0)
        {
            return;
        }

        AzureStorageRules.CheckTransaction(table, rows);
        var client = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        var actions = rows.Select(r =>
                r.ETag switch
                {
                    null => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r)),
                    TableRow.MustNotExist => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(r)),
                    TableRow.DeleteExisting => new TableTransactionAction(
                        TableTransactionActionType.Delete,
                        new TableEntity(r.PartitionKey, r.RowKey),
                        ETag.All
                    ),
                    _ => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(r), new ETag(r.ETag)),
                }
            )
            .ToList();
        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            throw new StorageConflictException($"A row in {table} was changed by someone else.", e);
        }
    }

    public async Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        if (AzureStorageRules.KeyProblem(partitionKey) is not null || AzureStorageRules.KeyProblem(rowKey) is not null)
        {
            return; // no entity can have such a key
        }

        var client = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        await client.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await foreach (
            var _ in service.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false)
        )
        {
            break;
        }
    }

    private static TableEntity ToEntity(TableRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (key, value) in row.Properties)
        {
            entity[key] = value;
        }

        return entity;
    }

    private static TableRow ToRow(TableEntity entity)
    {
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entity)
        {
            if (key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || value is null)
            {
                continue;
            }

            props[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return new TableRow(entity.PartitionKey, entity.RowKey, props, entity.ETag.ToString());
    }
}
