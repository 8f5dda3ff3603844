namespace Workflows.Functions.Storage;

/// <summary><see cref="ITableStore"/> in process memory, with the same conflict semantics and limits as Table storage.
/// Partitions and row keys are kept in sorted sets, so a point read, a partition query and a row-key range cost what
/// they cost on Azure (the rows they return), not a walk over the whole table (issue 22: list pages at 100,000 cases).</summary>
public sealed class InMemoryTableStore : ITableStore
{
    private readonly Dictionary<string, MemoryTable> tables = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long etagCounter;

    private MemoryTable Table(string name)
    {
        if (!tables.TryGetValue(name, out var table))
        {
            table = new MemoryTable();
            tables[name] = table;
        }

        return table;
    }

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        if (AzureStorageRules.KeyProblem(partitionKey) is not null || AzureStorageRules.KeyProblem(rowKey) is not null)
        {
            return Task.FromResult<TableRow?>(null); // as on Azure: no entity can have such a key
        }

        lock (gate)
        {
            return Task.FromResult(Table(table).Find(partitionKey, rowKey));
        }
    }

    public Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
        string table,
        string partitionKey,
        string? rowKeyFrom = null,
        string? rowKeyTo = null,
        CancellationToken cancellationToken = default
    )
    {
        lock (gate)
        {
            IReadOnlyList<TableRow> rows = Table(table).Range(partitionKey, rowKeyFrom, inclusiveFrom: true, rowKeyTo, int.MaxValue);
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<TableRow>> QueryPageAsync(
        string table,
        string partitionKey,
        string? rowKeyAfter,
        string? rowKeyTo,
        int maxRows,
        CancellationToken cancellationToken = default
    )
    {
        lock (gate)
        {
            IReadOnlyList<TableRow> rows = Table(table).Range(partitionKey, rowKeyAfter, inclusiveFrom: false, rowKeyTo, maxRows);
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
        string table,
        string partitionFrom,
        string partitionTo,
        CancellationToken cancellationToken = default
    )
    {
        lock (gate)
        {
            var t = Table(table);
            var rows = new List<TableRow>();
            foreach (var partition in t.PartitionsBetween(partitionFrom, partitionTo))
            {
                rows.AddRange(t.Range(partition, null, inclusiveFrom: true, null, int.MaxValue));
            }

            return Task.FromResult<IReadOnlyList<TableRow>>(rows);
        }
    }

    public Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        AzureStorageRules.CheckRow(table, row);
        lock (gate)
        {
            var t = Table(table);
            if (t.Find(row.PartitionKey, row.RowKey) is not null)
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
        AzureStorageRules.CheckTransaction(table, rows);
        lock (gate)
        {
            var t = Table(table);
            foreach (var row in rows.Where(r => r.ETag is not null))
            {
                if (row.ETag != TableRow.MustNotExist)
                {
                    CheckETag(t, table, row);
                }
                else if (t.Find(row.PartitionKey, row.RowKey) is not null)
                {
                    throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} already exists.");
                }
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
            Table(table).Remove(partitionKey, rowKey);
            return Task.CompletedTask;
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Rows and characters (keys and property names and values) each table holds: what the in-memory backend's
    /// tables weigh, apart from the engine's histories (issue 22: the memory bench attributes the heap per case).</summary>
    public IReadOnlyDictionary<string, (long Rows, long Chars)> Footprint()
    {
        lock (gate)
        {
            return tables.ToDictionary(t => t.Key, t => t.Value.Footprint(), StringComparer.Ordinal);
        }
    }

    private static void CheckETag(MemoryTable t, string table, TableRow row)
    {
        if (t.Find(row.PartitionKey, row.RowKey) is not { } existing || (row.ETag != "*" && existing.ETag != row.ETag))
        {
            throw new StorageConflictException($"{table}/{row.PartitionKey}/{row.RowKey} was changed by someone else.");
        }
    }

    private string Store(MemoryTable t, TableRow row)
    {
        var etag = $"W/\"{Interlocked.Increment(ref etagCounter)}\"";
        t.Put(row with { Properties = new Dictionary<string, string>(row.Properties, StringComparer.Ordinal), ETag = etag });
        return etag;
    }

    /// <summary>One table: its partitions in key order, each with its rows in key order (ordinal, as Table storage).</summary>
    private sealed class MemoryTable
    {
        private readonly SortedSet<string> partitionKeys = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MemoryPartition> partitions = new(StringComparer.Ordinal);

        public (long Rows, long Chars) Footprint()
        {
            var rows = partitions.Values.SelectMany(p => p.Rows.Values).ToList();
            var chars = rows.Sum(r => (long)r.PartitionKey.Length + r.RowKey.Length + r.Properties.Sum(p => (long)p.Key.Length + p.Value.Length));
            return (rows.Count, chars);
        }

        public TableRow? Find(string pk, string rk) =>
            partitions.TryGetValue(pk, out var p) && p.Rows.TryGetValue(rk, out var row) ? row : null;

        public void Put(TableRow row)
        {
            if (!partitions.TryGetValue(row.PartitionKey, out var p))
            {
                p = new MemoryPartition();
                partitions[row.PartitionKey] = p;
                partitionKeys.Add(row.PartitionKey);
            }

            p.Keys.Add(row.RowKey);
            p.Rows[row.RowKey] = row;
        }

        public void Remove(string pk, string rk)
        {
            if (partitions.TryGetValue(pk, out var p) && p.Rows.Remove(rk))
            {
                p.Keys.Remove(rk);
                if (p.Rows.Count == 0)
                {
                    partitions.Remove(pk);
                    partitionKeys.Remove(pk);
                }
            }
        }

        /// <summary>Partition keys in [from, to).</summary>
        public List<string> PartitionsBetween(string from, string to) =>
            string.CompareOrdinal(from, to) >= 0 || partitionKeys.Count == 0
                ? []
                : [.. partitionKeys.GetViewBetween(from, to).Where(k => string.CompareOrdinal(k, to) < 0)];

        /// <summary>Up to <paramref name="max"/> rows of one partition with row keys after (or from) <paramref name="from"/>
        /// and before <paramref name="to"/>, in key order; a sorted-set view, so the cost follows the rows returned.</summary>
        public List<TableRow> Range(string pk, string? from, bool inclusiveFrom, string? to, int max)
        {
            var result = new List<TableRow>();
            if (!partitions.TryGetValue(pk, out var p) || p.Keys.Count == 0 || max <= 0)
            {
                return result;
            }

            var lower = from ?? p.Keys.Min!;
            var upper = p.Keys.Max!;
            if (string.CompareOrdinal(lower, upper) > 0)
            {
                return result;
            }

            foreach (var key in p.Keys.GetViewBetween(lower, upper))
            {
                if (!inclusiveFrom && from is not null && string.Equals(key, from, StringComparison.Ordinal))
                {
                    continue;
                }

                if (to is not null && string.CompareOrdinal(key, to) >= 0)
                {
                    break;
                }

                result.Add(p.Rows[key]);
                if (result.Count >= max)
                {
                    break;
                }
            }

            return result;
        }
    }

    private sealed class MemoryPartition
    {
        public SortedSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, TableRow> Rows { get; } = new(StringComparer.Ordinal);
    }
}
