using System.Globalization;
using System.Text.Json;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>
/// The append-only audit table: partition = case id, row = time-ordered key. Entries are only inserted, never
/// updated; an entry written twice (a retried activity) keeps its first version.
/// </summary>
public sealed class AuditLog(ITableStore tables)
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        try
        {
            await tables.InsertAsync(StorageNames.AuditTable, new TableRow(entry.CaseId, RowKey(entry), new Dictionary<string, string>
            {
                ["Json"] = JsonSerializer.Serialize(entry, CaseJson.Options),
                ["Action"] = entry.Action,
                ["Article"] = entry.Article,
                ["ActorId"] = entry.ActorId,
            }), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            // Already recorded by an earlier attempt of the same activity: the audit stays append-only.
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var rows = await tables.QueryPartitionAsync(StorageNames.AuditTable, caseId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return rows.Select(r => JsonSerializer.Deserialize<AuditEntry>(r.Get("Json")!, CaseJson.Options)!).ToList();
    }

    /// <summary>Time first (so the partition reads in order), then the caller's deterministic key.</summary>
    private static string RowKey(AuditEntry entry) =>
        entry.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + Sanitize(entry.Key);

    private static string Sanitize(string key) =>
        new(key.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
