namespace Workflows.Functions.Storage;

/// <summary>One row of a table: keys, an ETag for optimistic concurrency and string-valued properties.
/// Payloads are JSON in a property; numbers and dates that must be queried are kept as sortable strings.</summary>
public sealed record TableRow(string PartitionKey, string RowKey, IReadOnlyDictionary<string, string> Properties, string? ETag = null)
{
    /// <summary>The ETag of a transaction row that must not exist yet (an insert): when it does, the whole transaction
    /// fails with <see cref="StorageConflictException"/> and writes nothing.</summary>
    public const string MustNotExist = "";

    /// <summary>The ETag of a transaction row to delete (its properties are ignored): the row must exist, as for Table
    /// storage's delete in a transaction, or the whole transaction fails with <see cref="StorageConflictException"/> and
    /// writes nothing. No ETag a store hands out has this form.</summary>
    public const string DeleteExisting = "\u0000delete";

    private static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A transaction row that deletes the row of these keys (see <see cref="DeleteExisting"/>).</summary>
    public static TableRow Deletion(string partitionKey, string rowKey) => new(partitionKey, rowKey, NoProperties, DeleteExisting);

    public string? Get(string name) => Properties.TryGetValue(name, out var v) ? v : null;
}

/// <summary>Thrown when an insert meets an existing row or a conditional update meets a changed row.</summary>
public sealed class StorageConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Thrown when a write breaks one of Azure Storage's own limits (<see cref="AzureStorageRules"/>): every store
/// throws it before writing, so the in-memory backend refuses exactly what Azure refuses and nothing is half-written.</summary>
public sealed class StorageRuleException(string rule, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The rule broken, e.g. <c>storage.property-size</c>.</summary>
    public string Rule { get; } = rule;
}

/// <summary>
/// The table operations the application needs, implemented once over Azure Table storage (Azurite or Azure) and once
/// in memory (<c>--in-memory</c>). Stores for cases, deadlines, audit and receipts are written over this interface so
/// each rule is coded once.
/// </summary>
public interface ITableStore
{
    Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>All rows of one partition, optionally with row keys in [rowKeyFrom, rowKeyTo), in row-key order.</summary>
    Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
        string table,
        string partitionKey,
        string? rowKeyFrom = null,
        string? rowKeyTo = null,
        CancellationToken cancellationToken = default
    );

    /// <summary>At most <paramref name="maxRows"/> rows of one partition with row keys in (rowKeyAfter, rowKeyTo), in row-key
    /// order: one page of an index, whose cost follows the rows returned, never the partition's size.</summary>
    async Task<IReadOnlyList<TableRow>> QueryPageAsync(
        string table,
        string partitionKey,
        string? rowKeyAfter,
        string? rowKeyTo,
        int maxRows,
        CancellationToken cancellationToken = default
    )
    {
        var rows = await QueryPartitionAsync(table, partitionKey, rowKeyAfter, rowKeyTo, cancellationToken).ConfigureAwait(false);
        return rows.Where(r => rowKeyAfter is null || !string.Equals(r.RowKey, rowKeyAfter, StringComparison.Ordinal))
            .Take(maxRows)
            .ToList();
    }

    /// <summary>Rows of partitions in [partitionFrom, partitionTo) (a range scan, for bounded ranges such as overdue days).</summary>
    Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
        string table,
        string partitionFrom,
        string partitionTo,
        CancellationToken cancellationToken = default
    );

    /// <summary>Inserts; throws <see cref="StorageConflictException"/> when the row exists. Returns the new ETag.</summary>
    Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces unconditionally. Returns the new ETag.</summary>
    Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default);

    /// <summary>Replaces when the stored ETag equals <paramref name="row"/>.ETag; otherwise throws <see cref="StorageConflictException"/>.</summary>
    Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default);

    /// <summary>Writes several rows of one partition atomically: rows without an ETag are upserts, rows whose ETag is
    /// <see cref="TableRow.MustNotExist"/> inserts, <see cref="TableRow.Deletion"/> rows deletes of existing rows, rows with
    /// another ETag conditional replaces. An entity-group
    /// transaction's own limits hold on every backend (<see cref="AzureStorageRules.CheckTransaction"/>): one partition,
    /// at most 100 operations on distinct rows, at most 4 MiB.</summary>
    Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default);

    Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Cheap reachability probe for health checks.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
