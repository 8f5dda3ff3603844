using System.Collections.Concurrent;

namespace Workflows.Functions.Storage;

/// <summary><see cref="ITableStore"/> in process memory, with the same conflict semantics as Table storage.</summary>
public sealed class InMemoryTableStore : ITableStore
{
    private readonly ConcurrentDictionary<string, SortedDictionary<(string Pk, string Rk), TableRow>> tables = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long etagCounter;

    private SortedDictionary<(string Pk, string Rk), TableRow> Table(string name) =>
        tables.GetOrAdd(name, _ => new SortedDictionary<(string Pk, string Rk), TableRow>(KeyComparer.Instance));

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        if (AzureStorageRules.KeyProblem(partitionKey) is not null || AzureStorageRules.KeyProblem(rowKey) is not null)
        {
            return Task.FromResult<TableRow?>(null); // as on Azure: no entity can have such a key
        }

        lock (gate)
        {
            return Task.FromResult(Table(table).TryGetValue((partitionKey, rowKey), out var row) ? row : null);
        }
    }

    public Task<IReadOnlyList<TableRow>> QueryPartitionAsync(string table, string partitionKey, string? rowKeyFrom = null, string? rowKeyTo = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<TableRow> rows = Table(table)
                .Where(kv => kv.Key.Pk == partitionKey
                    && (rowKeyFrom is null || string.CompareOrdinal(kv.Key.Rk, rowKeyFrom) >= 0)
                    && (rowKeyTo is null || string.CompareOrdinal(kv.Key.Rk, rowKeyTo) < 0))
                .Select(kv => kv.Value).ToList();
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(string table, string partitionFrom, string partitionTo, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<TableRow> rows = Table(table)
                .Where(kv => string.CompareOrdinal(kv.Key.Pk, partitionFrom) >= 0 && string.CompareOrdinal(kv.Key.Pk, partitionTo) < 0)
                .Select(kv => kv.Value).ToList();
            return Task.FromResult(rows);
        }
    }

    public Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        lock (gate)
        {
            var t = Table(table);
            if (t.ContainsKey((row.PartitionKey, row.RowKey)))
            {
                throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} already exists.");
            }

            return Task.FromResult(Store(t, row));
        }
    }

    public Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        lock (gate)
        {
            return Task.FromResult(Store(Table(table), row));
        }
    }

    public Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        lock (gate)
        {
            var t = Table(table);
            CheckETag(t, table, row);
            return Task.FromResult(Store(t, row));
        }
    }

    public Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var t = Table(table);
            foreach (var row in rows)
            {
                AzureStorageRules.CheckRow(table, row);
            }

            foreach (var row in rows.Where(r => r.ETag is not null))
            {
                CheckETag(t, table, row);
            }

            foreach (var row in rows)
            {
                Store(t, row);
            }

            return Task.CompletedTask;
        }
    }

    public Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            Table(table).Remove((partitionKey, rowKey));
            return Task.CompletedTask;
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private static void CheckETag(SortedDictionary<(string Pk, string Rk), TableRow> t, string table, TableRow row)
    {
        if (!t.TryGetValue((row.PartitionKey, row.RowKey), out var existing) || (row.ETag != "*" && existing.ETag != row.ETag))
        {
            throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} was changed by someone else.");
        }
    }

    private string Store(SortedDictionary<(string Pk, string Rk), TableRow> t, TableRow row)
    {
        var etag = $"W/\"{Interlocked.Increment(ref etagCounter)}\"";
        t[(row.PartitionKey, row.RowKey)] = row with { Properties = new Dictionary<string, string>(row.Properties, StringComparer.Ordinal), ETag = etag };
        return etag;
    }

    private sealed class KeyComparer : IComparer<(string Pk, string Rk)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((string Pk, string Rk) x, (string Pk, string Rk) y)
        {
            var c = string.CompareOrdinal(x.Pk, y.Pk);
            return c != 0 ? c : string.CompareOrdinal(x.Rk, y.Rk);
        }
    }
}
