using System.Globalization;
using System.Text;
using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>A page of cases.</summary>
public sealed record CasePage(IReadOnlyList<CaseRecord> Items, int Page, int PageSize, int Total);

/// <summary>Case records in the Cases table: partition = agency division code, row = case id. A record whose JSON
/// is larger than <see cref="InlineJsonMaxChars"/> (a large application, many documents, long reasons) is kept in a
/// blob (<c>documents/{caseId}/.case-data/{hash}.json</c>, written before the row) and the row references it, so no
/// valid input can exceed Table storage's 64 KiB property or 1 MiB entity limit.</summary>
public sealed class CaseStore(ITableStore tables, IBlobStore? blobs = null)
{
    /// <summary>16,000 characters are 32 KB in UTF-16: half a Table property, leaving room for the other columns.</summary>
    public const int InlineJsonMaxChars = 16_000;

    public const string DataBlobSegment = ".case-data";

    private const string Table = StorageNames.CasesTable;

    public async Task<CaseRecord?> GetAsync(string caseId, CancellationToken cancellationToken = default)
    {
        if (!CaseIds.TryGetAgency(caseId, out var agency))
        {
            return null;
        }

        var row = await tables.GetAsync(Table, agency, caseId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : await FromRowAsync(row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the record; returns false when it already exists (idempotent intake and activity retries).</summary>
    public async Task<bool> TryCreateAsync(CaseRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            await tables.InsertAsync(Table, await ToRowAsync(record, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
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
        var row = await ToRowAsync(record, cancellationToken).ConfigureAwait(false);
        var etag = await tables.ReplaceAsync(Table, row with { ETag = record.ETag ?? "*" }, cancellationToken).ConfigureAwait(false);
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
        var records = new List<CaseRecord>(rows.Count);
        foreach (var row in rows)
        {
            records.Add(await FromRowAsync(row, cancellationToken).ConfigureAwait(false));
        }

        var all = records.Where(filter).OrderByDescending(c => c.CreatedUtc).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        // long arithmetic: (page - 1) × pageSize overflowed int for a huge page and came back as page 1.
        var skip = (int)Math.Min(int.MaxValue, ((long)page - 1) * pageSize);
        return new CasePage(all.Skip(skip).Take(pageSize).ToList(), page, pageSize, all.Count);
    }

    private async Task<TableRow> ToRowAsync(CaseRecord record, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(record, CaseJson.Options);
        var properties = new Dictionary<string, string>
        {
            ["Procedure"] = record.Procedure,
            ["State"] = record.State,
            ["Closed"] = record.Closed ? "true" : "false",
            ["Due"] = record.Deadline?.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        };
        if (json.Length <= InlineJsonMaxChars || blobs is null)
        {
            properties["Json"] = json;
        }
        else
        {
            // Content-addressed: a replace that loses its ETag race leaves the other writer's blob untouched.
            var bytes = Encoding.UTF8.GetBytes(json);
            var name = $"{record.Id}/{DataBlobSegment}/{IdempotencyStore.Hash(bytes)[..32]}.json";
            await blobs.PutAsync(StorageNames.Documents, name, bytes, "application/json", cancellationToken: cancellationToken).ConfigureAwait(false);
            properties["JsonBlob"] = name;
        }

        return new TableRow(record.Agency, record.Id, properties, record.ETag);
    }

    private async Task<CaseRecord> FromRowAsync(TableRow row, CancellationToken cancellationToken)
    {
        var json = row.Get("Json");
        if (row.Get("JsonBlob") is { Length: > 0 } name && blobs is not null)
        {
            var blob = await blobs.GetAsync(StorageNames.Documents, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Case {row.RowKey}: its data blob {name} is missing.");
            json = Encoding.UTF8.GetString(blob.Data);
        }

        return JsonSerializer.Deserialize<CaseRecord>(json ?? "{}", CaseJson.Options)! with { ETag = row.ETag };
    }
}
