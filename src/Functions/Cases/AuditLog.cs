using System.Text.Json;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>
/// The append-only audit: partition = case id, row = the caller's deterministic key (an event id, or a key
/// naming the step such as <c>deadline-0</c> or <c>overdue-20240219</c>). Entries are only inserted, never updated;
/// an entry written twice keeps its first version. The row key deliberately holds no timestamp: when a host dies
/// after an activity ran but before the orchestration's episode was committed, the episode is replayed with a new
/// <c>CurrentUtcDateTime</c>, and a time-based key would record the same step twice. Every row is also appended to
/// the <see cref="AuditChain"/> (issue 17 item 4), which the application identity cannot rewrite.
/// An entry larger than <see cref="CaseStore.InlineJsonMaxChars"/> (a long reason, a large event body) is kept in a
/// blob (<c>documents/{caseId}/.audit/{hash}.json</c>, named by its content's hash) referenced from the row, so it never
/// exceeds a Table limit; the chain then hashes the blob's name, which is the hash of the entry.
/// Since issue 22 the rows of a case (an id naming its agency) are kept beside its record (<see cref="CaseRows"/>) and
/// a step writes them in the record's transaction (<see cref="CaseStore.UpdateAsync(string, Func{CaseRecord, CaseRecord},
/// IReadOnlyList{TableRow}, CancellationToken)"/>); rows are read back from there and, for older cases, the Audit table.
/// Whichever table holds it, a row is presented as (partition = case id, row = audit key), what the chain names.
/// </summary>
public sealed class AuditLog(ITableStore tables, AuditChain? chain = null, IBlobStore? blobs = null)
{
    private static readonly string[] HashedColumns = ["Json", "JsonBlob", "Action", "Article", "ActorId"];

    /// <summary>Appends one entry on its own (an intake's retry, an API's record): insert-if-absent, then chained.</summary>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var row = await RowAsync(entry, cancellationToken).ConfigureAwait(false);
        var (table, stored) = CaseIds.TryGetAgency(entry.CaseId, out var agency)
            ? (StorageNames.CasesTable, row with { PartitionKey = agency, RowKey = CaseRows.AuditRowKey(entry.CaseId, row.RowKey) })
            : (StorageNames.AuditTable, row);
        var inserted = true;
        try
        {
            await tables.InsertAsync(table, stored, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            // Already recorded by an earlier attempt of the same activity: the audit stays append-only, and the chain
            // gets the row as first stored (an attempt that died before chaining it is completed here).
            inserted = false;
            var first = await tables.GetAsync(table, stored.PartitionKey, stored.RowKey, cancellationToken).ConfigureAwait(false);
            row = first is null ? row : row with { Properties = first.Properties };
        }

        await ChainAsync([row], inserted ? [row.RowKey] : [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row of <paramref name="entry"/> as the chain names it (partition = case id, row = audit key); an
    /// entry too large for a row is written to its content-addressed blob first and referenced.</summary>
    public async Task<TableRow> RowAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var properties = new Dictionary<string, string>
        {
            ["Action"] = entry.Action,
            ["Article"] = entry.Article,
            ["ActorId"] = entry.ActorId,
        };
        var json = JsonSerializer.Serialize(entry, CaseJson.Options);
        if (json.Length <= CaseStore.InlineJsonMaxChars || blobs is null)
        {
            properties["Json"] = json;
        }
        else
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(json);
            var name = $"{entry.CaseId}/.audit/{IdempotencyStore.Hash(bytes)[..32]}.json";
            await blobs
                .PutAsync(StorageNames.Documents, name, bytes, "application/json", cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            properties["JsonBlob"] = name;
        }

        return new TableRow(entry.CaseId, RowKey(entry), properties);
    }

    /// <summary>Chains rows as first stored (a row chained already is left as it is).</summary>
    public Task ChainAsync(IEnumerable<TableRow> rows, CancellationToken cancellationToken = default) =>
        ChainAsync(rows, [], cancellationToken);

    /// <summary>Chains rows as first stored; the rows whose keys are in <paramref name="insertedNow"/> were inserted by the
    /// caller's own write just now, so the chain need not look for an earlier attempt's link (see
    /// <see cref="AuditChain.AppendAsync(string, string, string, bool, CancellationToken)"/>).</summary>
    public async Task ChainAsync(IEnumerable<TableRow> rows, IReadOnlyCollection<string> insertedNow, CancellationToken cancellationToken)
    {
        if (chain is null)
        {
            return;
        }

        foreach (var row in rows)
        {
            var inserted = insertedNow.Contains(row.RowKey, StringComparer.Ordinal);
            await chain.AppendAsync(row.PartitionKey, row.RowKey, ContentOf(row), inserted, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the chain hashes of a row: the entry (or its blob's name) and the columns queries read, in a fixed
    /// order.</summary>
    public static string ContentOf(TableRow row) => string.Join('\n', HashedColumns.Select(c => $"{c}={row.Get(c)}"));

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string caseId, CancellationToken cancellationToken = default) =>
        await EntriesAsync(await StoredRowsAsync(tables, caseId, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Every stored audit row of a case, beside its record and (older cases) in the Audit table, each as the
    /// chain names it.</summary>
    public static async Task<IReadOnlyList<TableRow>> StoredRowsAsync(ITableStore tables, string caseId, CancellationToken cancellationToken)
    {
        var legacy = LegacyRowsAsync(tables, caseId, cancellationToken);
        if (!CaseIds.TryGetAgency(caseId, out var agency))
        {
            return await legacy.ConfigureAwait(false);
        }

        var beside = await tables
            .QueryPartitionAsync(StorageNames.CasesTable, agency, CaseRows.From(caseId), CaseRows.To(caseId), cancellationToken)
            .ConfigureAwait(false);
        return [.. await legacy.ConfigureAwait(false), .. AuditRowsOf(caseId, beside)];
    }

    /// <summary>The audit rows of a case read with its record (its Cases table range), as the chain names them.</summary>
    public static IEnumerable<TableRow> AuditRowsOf(string caseId, IEnumerable<TableRow> caseRange) =>
        caseRange.Where(r => CaseRows.AuditKeyOf(r.RowKey) is not null)
            .Select(r => r with { PartitionKey = caseId, RowKey = CaseRows.AuditKeyOf(r.RowKey)! });

    /// <summary>The rows of a case in the Audit table (cases written before issue 22).</summary>
    public static Task<IReadOnlyList<TableRow>> LegacyRowsAsync(ITableStore tables, string caseId, CancellationToken cancellationToken) =>
        tables.QueryPartitionAsync(StorageNames.AuditTable, caseId, cancellationToken: cancellationToken);

    /// <summary>The entries of stored rows, in time order (an entry kept in a blob is read from it).</summary>
    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(IEnumerable<TableRow> rows, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        foreach (var row in rows.DistinctBy(r => r.RowKey, StringComparer.Ordinal))
        {
            var json = row.Get("Json");
            if (
                row.Get("JsonBlob") is { Length: > 0 } name
                && blobs is not null
                && await blobs.GetAsync(StorageNames.Documents, name, cancellationToken).ConfigureAwait(false) is { } blob
            )
            {
                json = System.Text.Encoding.UTF8.GetString(blob.Data);
            }

            if (json is not null)
            {
                entries.Add(JsonSerializer.Deserialize<AuditEntry>(json, CaseJson.Options)!);
            }
        }

        return entries.OrderBy(e => e.At).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>The caller's deterministic key, so one step of a case is one row however often it is written.</summary>
    private static string RowKey(AuditEntry entry) => Sanitize(entry.Key);

    private static string Sanitize(string key) =>
        new(key.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
