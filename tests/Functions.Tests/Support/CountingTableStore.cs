using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.Support;

/// <summary>Counts what the code under test reads (issue 22): rows every query returns, the whole-partition or
/// partition-range reads, point reads and writes, in total and per table.</summary>
public sealed class CountingTableStore(ITableStore inner) : ITableStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> rowsByTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> scansByTable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> callsByTable = new(StringComparer.Ordinal);
    private long rowsRead;
    private long scans;

    public long RowsRead => Interlocked.Read(ref rowsRead);

    public long Scans => Interlocked.Read(ref scans);

    /// <summary>Rows returned by queries (not point reads) of <paramref name="table"/>.</summary>
    public long RowsReadOf(string table) => Get(rowsByTable, table);

    /// <summary>Whole-partition and partition-range reads of <paramref name="table"/>.</summary>
    public long ScansOf(string table) => Get(scansByTable, table);

    /// <summary>Every call that reached <paramref name="table"/> (reads, writes, transactions), as Table storage bills them.</summary>
    public long CallsOf(string table) => Get(callsByTable, table);

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        Call(table);
        return inner.GetAsync(table, partitionKey, rowKey, cancellationToken);
    }

    public async Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
        string table, string partitionKey, string? rowKeyFrom = null, string? rowKeyTo = null,
        CancellationToken cancellationToken = default)
    {
        Scan(table);
        return Count(table, await inner.QueryPartitionAsync(table, partitionKey, rowKeyFrom, rowKeyTo, cancellationToken));
    }

    public async Task<IReadOnlyList<TableRow>> QueryPageAsync(
        string table, string partitionKey, string? rowKeyAfter, string? rowKeyTo, int maxRows,
        CancellationToken cancellationToken = default)
    {
        Call(table);
        return Count(table, await inner.QueryPageAsync(table, partitionKey, rowKeyAfter, rowKeyTo, maxRows, cancellationToken));
    }

    public async Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
        string table, string partitionFrom, string partitionTo, CancellationToken cancellationToken = default)
    {
        Scan(table);
        return Count(table, await inner.QueryPartitionRangeAsync(table, partitionFrom, partitionTo, cancellationToken));
    }

    public Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        Call(table);
        return inner.InsertAsync(table, row, cancellationToken);
    }

    public Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        Call(table);
        return inner.UpsertAsync(table, row, cancellationToken);
    }

    public Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        Call(table);
        return inner.ReplaceAsync(table, row, cancellationToken);
    }

    public Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default)
    {
        Call(table);
        return inner.SubmitTransactionAsync(table, rows, cancellationToken);
    }

    public Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        Call(table);
        return inner.DeleteAsync(table, partitionKey, rowKey, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    private long Get(Dictionary<string, long> counts, string table)
    {
        lock (gate)
        {
            return counts.GetValueOrDefault(table);
        }
    }

    private void Add(Dictionary<string, long> counts, string table, long n)
    {
        lock (gate)
        {
            counts[table] = counts.GetValueOrDefault(table) + n;
        }
    }

    private void Call(string table) => Add(callsByTable, table, 1);

    private void Scan(string table)
    {
        Interlocked.Increment(ref scans);
        Add(scansByTable, table, 1);
        Call(table);
    }

    private IReadOnlyList<TableRow> Count(string table, IReadOnlyList<TableRow> rows)
    {
        Interlocked.Add(ref rowsRead, rows.Count);
        Add(rowsByTable, table, rows.Count);
        return rows;
    }
}
