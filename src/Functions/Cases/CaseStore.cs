using System.Globalization;
using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>A page of cases.</summary>
public sealed record CasePage(IReadOnlyList<CaseRecord> Items, int Page, int PageSize, int Total);

/// <summary>Case records in the Cases table: partition = agency division code, row = case id.</summary>
public sealed class CaseStore(ITableStore tables)
{
    private const string Table = StorageNames.CasesTable;

    public async Task<CaseRecord?> GetAsync(string caseId, CancellationToken cancellationToken = default)
    {
        if (!CaseIds.TryGetAgency(caseId, out var agency))
        {
            return null;
        }

        var row = await tables.GetAsync(Table, agency, caseId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : FromRow(row);
    }

    /// <summary>Creates the record; returns false when it already exists (idempotent intake and activity retries).</summary>
    public async Task<bool> TryCreateAsync(CaseRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            await tables.InsertAsync(Table, ToRow(record), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
    }

    /// <summary>Replaces the record if nobody changed it since it was read (its ETag); throws <see cref="StorageConflictException"/> otherwise.</summary>
    public async Task<CaseRecord> ReplaceAsync(CaseRecord record, CancellationToken cancellationToken = default)
    {
        var etag = await tables.ReplaceAsync(Table, ToRow(record) with { ETag = record.ETag ?? "*" }, cancellationToken).ConfigureAwait(false);
        return record with { ETag = etag };
    }

    /// <summary>Reads, applies <paramref name="change"/> and writes back, retrying when a concurrent writer got there first.</summary>
    public async Task<CaseRecord?> UpdateAsync(string caseId, Func<CaseRecord, CaseRecord> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            try
            {
                return await ReplaceAsync(change(current), cancellationToken).ConfigureAwait(false);
            }
            catch (StorageConflictException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Cases in the jurisdiction of <paramref name="agency"/> (all cases when null) (a partition range scan), filtered and paged.</summary>
    public async Task<CasePage> ListAsync(string? agency, Func<CaseRecord, bool> filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var (from, to) = agency is null ? ("000000", "999999~") : Jurisdiction.CodeRange(agency);
        var rows = await tables.QueryPartitionRangeAsync(Table, from, to, cancellationToken).ConfigureAwait(false);
        var all = rows.Select(FromRow).Where(filter).OrderByDescending(c => c.CreatedUtc).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        return new CasePage(all.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, all.Count);
    }

    private static TableRow ToRow(CaseRecord record) => new(record.Agency, record.Id, new Dictionary<string, string>
    {
        ["Json"] = JsonSerializer.Serialize(record, CaseJson.Options),
        ["Procedure"] = record.Procedure,
        ["State"] = record.State,
        ["Closed"] = record.Closed ? "true" : "false",
        ["Due"] = record.Deadline?.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
    }, record.ETag);

    private static CaseRecord FromRow(TableRow row) =>
        JsonSerializer.Deserialize<CaseRecord>(row.Get("Json") ?? "{}", CaseJson.Options)! with { ETag = row.ETag };
}
