using System.Text.Json;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>
/// The append-only audit table: partition = case id, row = the caller's deterministic key (an event id, or a key
/// naming the step such as <c>deadline-0</c> or <c>overdue-20240219</c>). Entries are only inserted, never updated;
/// an entry written twice keeps its first version. The row key deliberately holds no timestamp: when a host dies
/// after an activity ran but before the orchestration's episode was committed, the episode is replayed with a new
/// <c>CurrentUtcDateTime</c>, and a time-based key would record the same step twice. Every row is also appended to
/// the <see cref="AuditChain"/> (issue 17 item 4), which the application identity cannot rewrite.
/// An entry larger than <see cref="CaseStore.InlineJsonMaxChars"/> (a long reason, a large event body) is kept in a
/// blob (<c>documents/{caseId}/.audit/{hash}.json</c>, named by its content's hash) referenced from the row, so it never
/// exceeds a Table limit; the chain then hashes the blob's name, which is the hash of the entry.
/// </summary>
public sealed class AuditLog(ITableStore tables, AuditChain? chain = null, IBlobStore? blobs = null)
{
    private static readonly string[] HashedColumns = ["Json", "JsonBlob", "Action", "Article", "ActorId"];

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
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

        var row = new TableRow(entry.CaseId, RowKey(entry), properties);
        try
        {
            await tables.InsertAsync(StorageNames.AuditTable, row, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            // Already recorded by an earlier attempt of the same activity: the audit stays append-only, and the chain
            // gets the row as first stored (an attempt that died before chaining it is completed here).
            row =
                await tables.GetAsync(StorageNames.AuditTable, row.PartitionKey, row.RowKey, cancellationToken).ConfigureAwait(false)
                ?? row;
        }

        if (chain is not null)
        {
            await chain.AppendAsync(row.PartitionKey, row.RowKey, ContentOf(row), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the chain hashes of a row: the entry (or its blob's name) and the columns queries read, in a fixed
    /// order.</summary>
    public static string ContentOf(TableRow row) => string.Join('\n', HashedColumns.Select(c => $"{c}={row.Get(c)}"));

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var rows = await tables
            .QueryPartitionAsync(StorageNames.AuditTable, caseId, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var entries = new List<AuditEntry>(rows.Count);
        foreach (var row in rows)
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
