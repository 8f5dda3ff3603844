using System.Collections.Concurrent;
using System.Diagnostics;
using Workflows.Functions.Cases;
using Workflows.Functions.Storage;

namespace Workflows.ProofBench;

/// <summary>
/// Waits without polling (issue 22, <c>--wait events</c>): a write of a case's record in LocalHost's Cases table
/// (<see cref="SignallingTableStore"/>), or a bare activity that ran (<see cref="BareActivity"/>), is kept as its key's
/// latest row and wakes whoever waits on the key, who checks that row: neither workload reads its backend to learn
/// where a case is. With 10 ms polls, 16 waiting cases made ~1,600 requests a second to the Azurite being measured
/// (the bare orchestration's a status query of the engine's Instances table each).
/// </summary>
/// <param name="limit">How long a wait may take (5 minutes unless said; opening 2,000 cases on Azurite takes longer).</param>
public sealed class WriteSignals(TimeSpan? limit = null)
{
    private readonly TimeSpan waitLimit = limit ?? TimeSpan.FromMinutes(5);

    private static readonly TableRow Ran = new(string.Empty, string.Empty, new Dictionary<string, string>());

    // SemaphoreSlim without a wait handle needs no disposal: a signal that races a finished wait releases harmlessly.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TableRow> latest = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="row"/> as the latest of <paramref name="key"/>, then wakes its waiter, if any.</summary>
    public void Written(string key, TableRow row)
    {
        latest[key] = row;
        if (waiters.TryGetValue(key, out var waiter))
        {
            waiter.Release();
        }
    }

    /// <summary>Records that <paramref name="key"/> happened (a bare activity ran).</summary>
    public void Fire(string key) => Written(key, Ran);

    /// <summary>Waits until <paramref name="key"/> was fired, and forgets it.</summary>
    public async Task UntilFiredAsync(string key)
    {
        await UntilAsync(key, _ => true).ConfigureAwait(false);
        Forget(key);
    }

    /// <summary>Drops what is kept of <paramref name="key"/>.</summary>
    public void Forget(string key) => latest.TryRemove(key, out _);

    /// <summary>Waits until the latest row of <paramref name="key"/> meets <paramref name="condition"/>, checked now and after
    /// each write. The waiter is registered before the first check, so a write between a check and the wait is not lost.</summary>
    public async Task UntilAsync(string key, Func<TableRow, bool> condition)
    {
        var waiter = new SemaphoreSlim(0);
        if (!waiters.TryAdd(key, waiter))
        {
            throw new InvalidOperationException($"{key} is already waited on.");
        }

        try
        {
            var clock = Stopwatch.StartNew();
            while (!(latest.TryGetValue(key, out var row) && condition(row)))
            {
                var left = waitLimit - clock.Elapsed;
                if (left <= TimeSpan.Zero || !await waiter.WaitAsync(left).ConfigureAwait(false))
                {
                    throw new TimeoutException($"{key}: not reached within {waitLimit.TotalMinutes} minutes.");
                }
            }
        }
        finally
        {
            waiters.TryRemove(key, out _);
        }
    }
}

/// <summary>LocalHost's table store, handing each case record it writes (Cases table, row key = case id) to the signals.</summary>
public sealed class SignallingTableStore(ITableStore inner, WriteSignals signals) : DelegatingTableStore(inner)
{
    public override async Task<string> InsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        var etag = await Inner.InsertAsync(table, row, cancellationToken).ConfigureAwait(false);
        Written(table, [row]);
        return etag;
    }

    public override async Task<string> UpsertAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        var etag = await Inner.UpsertAsync(table, row, cancellationToken).ConfigureAwait(false);
        Written(table, [row]);
        return etag;
    }

    public override async Task<string> ReplaceAsync(string table, TableRow row, CancellationToken cancellationToken = default)
    {
        var etag = await Inner.ReplaceAsync(table, row, cancellationToken).ConfigureAwait(false);
        Written(table, [row]);
        return etag;
    }

    public override async Task SubmitTransactionAsync(
        string table,
        IReadOnlyList<TableRow> rows,
        CancellationToken cancellationToken = default
    )
    {
        await Inner.SubmitTransactionAsync(table, rows, cancellationToken).ConfigureAwait(false);
        Written(table, rows);
    }

    private void Written(string table, IReadOnlyList<TableRow> rows)
    {
        if (table != StorageNames.CasesTable)
        {
            return;
        }

        foreach (var row in rows.Where(r => CaseRows.IsRecord(r.RowKey)))
        {
            signals.Written(row.RowKey, row);
        }
    }
}
