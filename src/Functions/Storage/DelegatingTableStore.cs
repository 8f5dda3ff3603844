namespace Workflows.Functions.Storage;

/// <summary>An <see cref="ITableStore"/> that passes every call to another: a decorator (a bench's write signals, a test's
/// interference) overrides only the calls it changes.</summary>
public abstract class DelegatingTableStore(ITableStore inner) : ITableStore
{
    protected ITableStore Inner { get; } = inner;

    public virtual Task<TableRow?> GetAsync(
        string table,
        string partitionKey,
        string rowKey,
        CancellationToken cancellationToken = default
    ) => Inner.GetAsync(table, partitionKey, rowKey, cancellationToken);

    public virtual Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
        string table,
        string partitionKey,
        string? rowKeyFrom = null,
        string? rowKeyTo = null,
        CancellationToken cancellationToken = default
    ) => Inner.QueryPartitionAsync(table, partitionKey, rowKeyFrom, rowKeyTo, cancellationToken);

    public virtual Task<IReadOnlyList<TableRow>> QueryPageAsync(
        string table,
        string partitionKey,
        string? rowKeyAfter,
        string? rowKeyTo,
        int maxRows,
        CancellationToken cancellationToken = default
    ) => Inner.QueryPageAsync(table, partitionKey, rowKeyAfter, rowKeyTo, maxRows, cancellationToken);

    public virtual Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
        string table,
        string partitionFrom,
        string partitionTo,
        CancellationToken cancellationToken = default
    ) => Inner.QueryPartitionRangeAsync(table, partitionFrom, partitionTo, cancellationToken);

    public virtual Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default) =>
        Inner.InsertAsync(table, row, cancellationToken);

    public virtual Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default) =>
        Inner.UpsertAsync(table, row, cancellationToken);

    public virtual Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default) =>
        Inner.ReplaceAsync(table, row, cancellationToken);

    public virtual Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default) =>
        Inner.SubmitTransactionAsync(table, rows, cancellationToken);

    public virtual Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(table, partitionKey, rowKey, cancellationToken);

    public virtual Task PingAsync(CancellationToken cancellationToken = default) => Inner.PingAsync(cancellationToken);
}
