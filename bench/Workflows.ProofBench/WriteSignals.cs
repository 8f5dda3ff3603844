using System.Collections.Concurrent;
using System.Diagnostics;
using Workflows.Functions.Storage;

namespace Workflows.ProofBench;

/// <summary>
/// Waits without polling (issue 22, <c>--wait events</c>): a write of a case's row in LocalHost's Cases table
/// (<see cref="SignallingTableStore"/>), or a bare activity that ran (<see cref="BareActivity"/>), wakes whoever waits on
/// its key, who then checks once what it waits for. On Azurite every 10 ms poll of 16 waiting cases was a request to the
/// emulator being measured (the bare orchestration's polls a status query of the engine's Instances table); here the
/// backend sees only the workloads' own requests.
/// </summary>
public sealed class WriteSignals
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    // SemaphoreSlim without a wait handle needs no disposal: a signal that races a finished wait releases harmlessly.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> fired = new(StringComparer.Ordinal);

    /// <summary>Wakes the waiter of <paramref name="key"/>, if any.</summary>
    public void Signal(string key)
    {
        if (waiters.TryGetValue(key, out var waiter))
        {
            waiter.Release();
        }
    }

    /// <summary>Records that <paramref name="key"/> happened (a bare activity ran), then wakes its waiter.</summary>
    public void Fire(string key)
    {
        fired.TryAdd(key, 0);
        Signal(key);
    }

    /// <summary>Waits until <paramref name="key"/> was fired, and forgets it.</summary>
    public async Task UntilFiredAsync(string key)
    {
        await UntilAsync(key, () => Task.FromResult(fired.ContainsKey(key))).ConfigureAwait(false);
        fired.TryRemove(key, out _);
    }

    /// <summary>Checks <paramref name="condition"/>, then again after each signal of <paramref name="key"/>. The waiter is
    /// registered before the first check, so a signal between a check and the wait is not lost.</summary>
    public async Task UntilAsync(string key, Func<Task<bool>> condition)
    {
        var waiter = new SemaphoreSlim(0);
        if (!waiters.TryAdd(key, waiter))
        {
            throw new InvalidOperationException($"{key} is already waited on.");
        }

        try
        {
            var clock = Stopwatch.StartNew();
            while (!await condition().ConfigureAwait(false))
            {
                var left = Limit - clock.Elapsed;
                if (left <= TimeSpan.Zero || !await waiter.WaitAsync(left).ConfigureAwait(false))
                {
                    throw new TimeoutException($"{key}: not reached within {Limit.TotalMinutes} minutes.");
                }
            }
        }
        finally
        {
            waiters.TryRemove(key, out _);
        }
    }
}

/// <summary>LocalHost's table store, signalling each written row of the Cases table by its row key (a record's row key is
/// its case id; the other rows of a case wake nobody).</summary>
public sealed class SignallingTableStore(ITableStore inner, WriteSignals signals) : ITableStore
{
    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        inner.GetAsync(table, partitionKey, rowKey, cancellationToken);

    public Task<IReadOnlyList<TableRow>> QueryPartitionAsync(
        string table,
        string partitionKey,
        string? rowKeyFrom = null,
        string? rowKeyTo = null,
        CancellationToken cancellationToken = default
    ) => inner.QueryPartitionAsync(table, partitionKey, rowKeyFrom, rowKeyTo, cancellationToken);

    public Task<IReadOnlyList<TableRow>> QueryPageAsync(
        string table,
        string partitionKey,
        string? rowKeyAfter,
        string? rowKeyTo,
        int maxRows,
        CancellationToken cancellationToken = default
    ) => inner.QueryPageAsync(table, partitionKey, rowKeyAfter, rowKeyTo, maxRows, cancellationToken);

    public Task<IReadOnlyList<TableRow>> QueryPartitionRangeAsync(
        string table,
        string partitionFrom,
        string partitionTo,
        CancellationToken cancellationToken = default
    ) => inner.QueryPartitionRangeAsync(table, partitionFrom, partitionTo, cancellationToken);

    public async Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        var etag = await inner.InsertAsync(table, row, cancellationToken).ConfigureAwait(false);
        Written(table, [row]);
        return etag;
    }

    public async Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        var etag = await inner.UpsertAsync(table, row, cancellationToken).ConfigureAwait(false);
        Written(table, [row]);
        return etag;
    }

    public async Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        var etag = await inner.ReplaceAsync(table, row, cancellationToken).ConfigureAwait(false);
        Written(table, [row]);
        return etag;
    }

    public async Task SubmitTransactionAsync(string table, IReadOnlyList<TableRow> rows, CancellationToken cancellationToken = default)
    {
        await inner.SubmitTransactionAsync(table, rows, cancellationToken).ConfigureAwait(false);
        Written(table, rows);
    }

    public Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(table, partitionKey, rowKey, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    private void Written(string table, IReadOnlyList<TableRow> rows)
    {
        if (table != StorageNames.CasesTable)
        {
            return;
        }

        foreach (var row in rows)
        {
            signals.Signal(row.RowKey);
        }
    }
}
