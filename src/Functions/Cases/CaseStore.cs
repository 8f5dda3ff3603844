using System.Globalization;
using System.Text;
using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>A page of cases.</summary>
public sealed record CasePage(IReadOnlyList<CaseRecord> Items, int Page, int PageSize, int Total);

/// <summary>One step written: the record before and after, and the step's audit rows as first stored (a row an earlier
/// attempt wrote keeps that version), named as the chain names them; <paramref name="Inserted"/> are the keys of the
/// rows this write inserted (none stored before it).</summary>
public sealed record CaseWrite(CaseRecord Updated, CaseRecord Previous, IReadOnlyList<TableRow> Audit, IReadOnlyList<string> Inserted);

/// <summary>A case with its audit rows, read together.</summary>
public sealed record CaseWithAudit(CaseRecord Record, IReadOnlyList<TableRow> Audit);

/// <summary>Case records in the Cases table: partition = agency division code, row = case id. A record whose JSON
/// is larger than <see cref="InlineJsonMaxChars"/> (a large application, many documents, long reasons) is kept in a
/// blob (<c>documents/{caseId}/.case-data/{hash}.json</c>, written before the row) and the row references it, so no
/// valid input can exceed Table storage's 64 KiB property or 1 MiB entity limit.</summary>
public sealed class CaseStore(ITableStore tables, IBlobStore? blobs = null)
{
    /// <summary>16,000 characters are 32 KB in UTF-16: half a Table property, leaving room for the other columns.</summary>
    public const int InlineJsonMaxChars = 16_000;

    public const string DataBlobSegment = ".case-data";

    /// <summary>Marks a record whose audit rows are all beside it (<see cref="CaseRows"/>); a record without it was
    /// written before that layout and has older rows in the Audit table.</summary>
    private const string AuditBesideColumn = "AuditBeside";

    private const string Table = StorageNames.CasesTable;

    /// <summary>The list index's layout marker: present once every case written before the index has its rows.</summary>
    public const string LayoutPartition = "layout";

    /// <summary>v2: the index rows carry whether a closed case met its deadline (the statistics count from them), and
    /// each open case has a row in the open partition (the open-case count). v3: both orders of a list in one partition
    /// (<see cref="CaseListIndex"/>), so a step writes each list in one transaction; the v2 partitions are emptied.</summary>
    public const string LayoutRow = "v3";

    private readonly CaseListIndex index = new(tables);

    private volatile bool indexed;

    public async Task<CaseRecord?> GetAsync(string caseId, CancellationToken cancellationToken = default)
    {
        if (!CaseIds.TryGetAgency(caseId, out var agency))
        {
            return null;
        }

        var row = await tables.GetAsync(Table, agency, caseId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : await FromRowAsync(row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The case and its history from one query of its partition (<see cref="CaseRows"/>); a case written before
    /// that layout also reads its older rows from the Audit table.</summary>
    public async Task<CaseWithAudit?> GetWithAuditAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var read = await ReadRangeAsync(caseId, cancellationToken).ConfigureAwait(false);
        return read is null ? null : new CaseWithAudit(read.Value.Record, [.. read.Value.Audit.Values]);
    }

    /// <summary>Creates the record; returns false when it already exists (idempotent intake and activity retries).</summary>
    public Task<bool> TryCreateAsync(CaseRecord record, CancellationToken cancellationToken = default) =>
        TryCreateAsync(record, [], cancellationToken);

    /// <summary>Creates the record and its first audit rows (see <see cref="AuditLog.RowAsync"/>) in one transaction;
    /// returns false, writing nothing, when the case already exists.</summary>
    public async Task<bool> TryCreateAsync(CaseRecord record, IReadOnlyList<TableRow> audit, CancellationToken cancellationToken = default)
    {
        // The list rows first: a case that exists is always on its lists (a row whose insert then loses to an existing
        // case is not that case's row and is skipped when served).
        await index.PutAsync(record, null, cancellationToken).ConfigureAwait(false);
        var row = await ToRowAsync(record with { LegacyAudit = false }, cancellationToken).ConfigureAwait(false);
        try
        {
            await tables
                .SubmitTransactionAsync(Table, [row with { ETag = TableRow.MustNotExist }, .. BesideRecord(record, audit)], cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
    }

    /// <summary>Replaces the record if nobody changed it since it was read (its ETag); throws <see cref="StorageConflictException"/> otherwise.</summary>
    public Task<CaseRecord> ReplaceAsync(CaseRecord record, CancellationToken cancellationToken = default) =>
        ReplaceAsync(record, null, cancellationToken);

    /// <summary>Replaces the record (as <see cref="ReplaceAsync(CaseRecord, CancellationToken)"/>), then its list rows;
    /// with the <paramref name="previous"/> version read, the rows it no longer has are deleted.</summary>
    public async Task<CaseRecord> ReplaceAsync(CaseRecord record, CaseRecord? previous, CancellationToken cancellationToken = default)
    {
        var row = await ToRowAsync(record, cancellationToken).ConfigureAwait(false);
        var etag = await tables.ReplaceAsync(Table, row with { ETag = record.ETag ?? "*" }, cancellationToken).ConfigureAwait(false);
        await index.PutAsync(record, previous, cancellationToken).ConfigureAwait(false);
        return record with { ETag = etag };
    }

    /// <summary>
    /// One page of the cases <paramref name="principal"/> may read that match <paramref name="query"/>, after the
    /// position in <paramref name="token"/>: read from the list index (a few partitions, at most
    /// <see cref="CaseListIndex.MaxExaminedRows"/> rows), then each case by its key, checked again on the record.
    /// </summary>
    public async Task<CaseListPage> PageAsync(
        Principal principal,
        CaseListQuery query,
        string? token,
        int pageSize,
        CancellationToken cancellationToken = default
    )
    {
        await EnsureIndexedAsync(cancellationToken).ConfigureAwait(false);
        var (rows, next) = await index.CandidatesAsync(principal, query, token, pageSize, cancellationToken).ConfigureAwait(false);
        var records = await Task.WhenAll(rows.Select(r => GetAsync(CaseListIndex.CaseIdOf(r), cancellationToken))).ConfigureAwait(false);
        var items = rows.Zip(records)
            .Where(p => p.Second is { } c && CaseListIndex.IsCurrent(p.First, c) && CaseListFacts.Of(c).Matches(principal, query))
            .Select(p => p.Second!)
            .ToList();
        return new CaseListPage(items, next);
    }

    /// <summary>The facts of every open case in the caller's share, from the list index (see
    /// <see cref="CaseListIndex.OpenFactsAsync"/>): no case record and no closed case is read.</summary>
    public async Task<IReadOnlyList<CaseListFacts>> OpenFactsAsync(
        Principal principal,
        CaseListQuery query,
        CancellationToken cancellationToken = default
    )
    {
        await EnsureIndexedAsync(cancellationToken).ConfigureAwait(false);
        return await index.OpenFactsAsync(principal, query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many cases are open (the list index's open partition; no case record is read). Never the migration
    /// (a health check must stay cheap): cases written before layout v2 count once the first list has indexed them.</summary>
    public Task<int> OpenCaseCountAsync(CancellationToken cancellationToken = default) => index.OpenCaseCountAsync(cancellationToken);

    /// <summary>One page of the list index's rows kept by <paramref name="matches"/>, for a list with filters of its own.</summary>
    public async Task<(IReadOnlyList<CaseListFacts> Facts, string? Position)> FactsPageAsync(
        Principal principal,
        CaseListQuery query,
        string? position,
        int pageSize,
        Func<CaseListFacts, bool> matches,
        CancellationToken cancellationToken = default
    )
    {
        await EnsureIndexedAsync(cancellationToken).ConfigureAwait(false);
        var (rows, token) = await index.CandidatesAsync(principal, query, position, pageSize, matches, cancellationToken).ConfigureAwait(false);
        return ([.. rows.Select(CaseListIndex.FactsOf)], token is null ? null : CaseListIndex.ReadToken(token, query.Sort).Position);
    }

    /// <summary>The facts of every case in the jurisdiction of <paramref name="agency"/> that <paramref name="principal"/>
    /// may read: one index partition per procedure of its role, no case record (supervision statistics).</summary>
    public async Task<IReadOnlyList<CaseListFacts>> JurisdictionFactsAsync(
        Principal principal,
        string agency,
        CancellationToken cancellationToken = default
    )
    {
        if (!Jurisdiction.IsDivisionCode(agency))
        {
            return [];
        }

        await EnsureIndexedAsync(cancellationToken).ConfigureAwait(false);
        var reads = AccessPolicy.Of(principal.Role).Procedures.Select(p => index.JurisdictionFactsAsync(agency, p, cancellationToken));
        var facts = await Task.WhenAll(reads).ConfigureAwait(false);
        return
        [
            .. facts
                .SelectMany(f => f)
                .Where(f => AccessPolicy.CanRead(principal, f.Access()) && Jurisdiction.Covers(agency, f.Agency))
                .DistinctBy(f => f.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>Every case of <paramref name="procedure"/> in the jurisdictions of <paramref name="agencies"/>: the list
    /// index's partitions of those jurisdictions, then each case by its key (never a scan of the Cases table).</summary>
    public async Task<IReadOnlyList<CaseRecord>> OfProcedureAsync(
        IEnumerable<string> agencies,
        string procedure,
        CancellationToken cancellationToken = default
    )
    {
        await EnsureIndexedAsync(cancellationToken).ConfigureAwait(false);
        var codes = agencies.Where(Jurisdiction.IsDivisionCode).Distinct(StringComparer.Ordinal).ToList();
        var facts = await Task.WhenAll(codes.Select(a => index.JurisdictionFactsAsync(a, procedure, cancellationToken))).ConfigureAwait(false);
        var ids = facts.SelectMany(f => f).Where(f => codes.Any(a => Jurisdiction.Covers(a, f.Agency))).Select(f => f.Id).Distinct(StringComparer.Ordinal);
        var records = await Task.WhenAll(ids.Select(id => GetAsync(id, cancellationToken))).ConfigureAwait(false);
        return [.. records.OfType<CaseRecord>().Where(r => r.Procedure == procedure)];
    }

    /// <summary>
    /// The migration of cases written before the list index or its current layout (issue 22): on the first page served
    /// by this store, when the index has no marker of <see cref="LayoutRow"/>, every case record is read once and its
    /// list rows written, the partitions of layout v2 emptied, then the marker. Upserts and deletes of rows that stay
    /// deleted, so two hosts doing it at once, or a host stopped halfway, are harmless (the next start finishes it).
    /// </summary>
    public async Task EnsureIndexedAsync(CancellationToken cancellationToken = default)
    {
        if (indexed)
        {
            return;
        }

        if (await tables.GetAsync(CaseListIndex.Table, LayoutPartition, LayoutRow, cancellationToken).ConfigureAwait(false) is null)
        {
            var rows = await tables.QueryPartitionRangeAsync(Table, "0", "~", cancellationToken).ConfigureAwait(false);
            var legacy = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows.Where(r => CaseRows.IsRecord(r.RowKey)))
            {
                if (await TryReadAsync(row, cancellationToken).ConfigureAwait(false) is { } record)
                {
                    await index.PutAsync(record, null, cancellationToken).ConfigureAwait(false);
                    legacy.UnionWith(CaseListIndex.LegacyPartitions(record));
                }
            }

            foreach (var partition in legacy)
            {
                await index.ClearPartitionAsync(partition, cancellationToken).ConfigureAwait(false);
            }

            await tables
                .UpsertAsync(
                    CaseListIndex.Table,
                    new TableRow(
                        LayoutPartition,
                        LayoutRow,
                        new Dictionary<string, string> { ["Built"] = "cases written before the list index were indexed" }
                    ),
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        indexed = true;
    }

    /// <summary>Reads, applies <paramref name="change"/> and writes back, retrying when a concurrent writer got there first.</summary>
    public async Task<CaseRecord?> UpdateAsync(
        string caseId,
        Func<CaseRecord, CaseRecord> change,
        CancellationToken cancellationToken = default
    ) => (await UpdateAsync(caseId, change, [], cancellationToken).ConfigureAwait(false))?.Updated;

    /// <summary>
    /// One step of a case (issue 22 item 2): its record read, <paramref name="change"/> applied, and the record with the
    /// step's audit rows not yet stored written in one entity-group transaction
    /// (conditional on the record's ETag; an audit row another attempt wrote meanwhile fails it too), retried when a
    /// concurrent writer got there first; then the list index. Null when the case does not exist.
    /// </summary>
    public Task<CaseWrite?> UpdateAsync(
        string caseId,
        Func<CaseRecord, CaseRecord> change,
        IReadOnlyList<TableRow> audit,
        CancellationToken cancellationToken = default
    ) => UpdateAsync(caseId, null, change, audit, cancellationToken);

    /// <summary>As <see cref="UpdateAsync(string, Func{CaseRecord, CaseRecord}, IReadOnlyList{TableRow}, CancellationToken)"/>,
    /// starting from <paramref name="justRead"/>, the record the caller read a moment ago (with its ETag): the first
    /// attempt reads nothing more, and if the record changed since, its write fails and the next attempt reads again.</summary>
    public Task<CaseWrite?> UpdateAsync(
        CaseRecord justRead,
        Func<CaseRecord, CaseRecord> change,
        IReadOnlyList<TableRow> audit,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(justRead);
        return UpdateAsync(justRead.Id, justRead, change, audit, cancellationToken);
    }

    private async Task<CaseWrite?> UpdateAsync(
        string caseId,
        CaseRecord? justRead,
        Func<CaseRecord, CaseRecord> change,
        IReadOnlyList<TableRow> audit,
        CancellationToken cancellationToken
    )
    {
        for (var attempt = 0; ; attempt++)
        {
            // The first attempt reads the record alone (a point read, which Azurite too answers from its key index, where
            // it filters a whole table for any query) and inserts every audit row; only a conflict (a retried step whose
            // rows exist, a concurrent writer) reads the case's range to skip the rows already stored.
            var read = attempt > 0 ? await ReadRangeAsync(caseId, cancellationToken).ConfigureAwait(false)
                : justRead is { ETag: not null, LegacyAudit: false } ? (justRead, new Dictionary<string, TableRow>(StringComparer.Ordinal))
                : await ReadRecordAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                return null;
            }

            var (current, stored) = read.Value;
            var next = change(current);
            var fresh = audit.Where(r => !stored.ContainsKey(r.RowKey)).ToList();
            var row = await ToRowAsync(next, cancellationToken).ConfigureAwait(false);
            try
            {
                await tables
                    .SubmitTransactionAsync(Table, [row with { ETag = current.ETag ?? "*" }, .. BesideRecord(current, fresh)], cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (StorageConflictException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
                continue;
            }

            await index.PutAsync(next, current, cancellationToken).ConfigureAwait(false);
            var written = audit.Select(r => stored.GetValueOrDefault(r.RowKey) ?? r).ToList();
            return new CaseWrite(next with { ETag = null }, current, written, [.. fresh.Select(r => r.RowKey)]);
        }
    }

    /// <summary>The record by its key, with only the Audit table's rows of a case written before the layout.</summary>
    private async Task<(CaseRecord Record, Dictionary<string, TableRow> Audit)?> ReadRecordAsync(
        string caseId,
        CancellationToken cancellationToken
    )
    {
        if (await GetAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        var legacy = record.LegacyAudit ? await AuditLog.LegacyRowsAsync(tables, caseId, cancellationToken).ConfigureAwait(false) : [];
        return (record, legacy.DistinctBy(r => r.RowKey, StringComparer.Ordinal).ToDictionary(r => r.RowKey, StringComparer.Ordinal));
    }

    /// <summary>The record and the audit rows of a case (by audit key), from its range and, for a case written before
    /// the layout, the Audit table.</summary>
    private async Task<(CaseRecord Record, Dictionary<string, TableRow> Audit)?> ReadRangeAsync(
        string caseId,
        CancellationToken cancellationToken
    )
    {
        if (!CaseIds.TryGetAgency(caseId, out var agency))
        {
            return null;
        }

        var range = await tables
            .QueryPartitionAsync(Table, agency, CaseRows.From(caseId), CaseRows.To(caseId), cancellationToken)
            .ConfigureAwait(false);
        if (range.FirstOrDefault(r => r.RowKey == caseId) is not { } recordRow)
        {
            return null;
        }

        var record = await FromRowAsync(recordRow, cancellationToken).ConfigureAwait(false);
        var legacy = record.LegacyAudit ? await AuditLog.LegacyRowsAsync(tables, caseId, cancellationToken).ConfigureAwait(false) : [];
        var audit = new Dictionary<string, TableRow>(StringComparer.Ordinal);
        foreach (var r in legacy.Concat(AuditLog.AuditRowsOf(caseId, range)))
        {
            audit.TryAdd(r.RowKey, r);
        }

        return (record, audit);
    }

    /// <summary>Audit rows (as the chain names them) stored beside <paramref name="record"/>: inserts in its partition.</summary>
    private static IEnumerable<TableRow> BesideRecord(CaseRecord record, IEnumerable<TableRow> audit) =>
        audit.Select(r => r with
        {
            PartitionKey = record.Agency,
            RowKey = CaseRows.AuditRowKey(record.Id, r.RowKey),
            ETag = TableRow.MustNotExist,
        });

    /// <summary>Cases in the jurisdiction of <paramref name="agency"/> (all cases when null) (a partition range scan), filtered and paged.</summary>
    public async Task<CasePage> ListAsync(
        string? agency,
        Func<CaseRecord, bool> filter,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default
    )
    {
        var (from, to) = agency is null ? ("000000", "999999~") : Jurisdiction.CodeRange(agency);
        var rows = await tables.QueryPartitionRangeAsync(Table, from, to, cancellationToken).ConfigureAwait(false);
        var records = new List<CaseRecord>(rows.Count);
        foreach (var row in rows.Where(r => CaseRows.IsRecord(r.RowKey)))
        {
            records.Add(await FromRowAsync(row, cancellationToken).ConfigureAwait(false));
        }

        var all = records.Where(filter).OrderByDescending(c => c.CreatedUtc).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        // long arithmetic: (page - 1) × pageSize overflowed int for a huge page and came back as page 1.
        var skip = (int)Math.Min(int.MaxValue, ((long)page - 1) * pageSize);
        return new CasePage(all.Skip(skip).Take(pageSize).ToList(), page, pageSize, all.Count);
    }

    /// <summary>A record for the migration, or null for a row that holds none (its data blob lost, not a case row):
    /// one unreadable row must not keep every other case off the lists; reading that case still reports it.</summary>
    private async Task<CaseRecord?> TryReadAsync(TableRow row, CancellationToken cancellationToken)
    {
        try
        {
            return await FromRowAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
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
        if (!record.LegacyAudit)
        {
            properties[AuditBesideColumn] = "true";
        }

        if (json.Length <= InlineJsonMaxChars || blobs is null)
        {
            properties["Json"] = json;
        }
        else
        {
            // Content-addressed: a replace that loses its ETag race leaves the other writer's blob untouched.
            var bytes = Encoding.UTF8.GetBytes(json);
            var name = $"{record.Id}/{DataBlobSegment}/{IdempotencyStore.Hash(bytes)[..32]}.json";
            await blobs
                .PutAsync(StorageNames.Documents, name, bytes, "application/json", cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            properties["JsonBlob"] = name;
        }

        return new TableRow(record.Agency, record.Id, properties, record.ETag);
    }

    private async Task<CaseRecord> FromRowAsync(TableRow row, CancellationToken cancellationToken)
    {
        var json = row.Get("Json");
        if (row.Get("JsonBlob") is { Length: > 0 } name && blobs is not null)
        {
            var blob =
                await blobs.GetAsync(StorageNames.Documents, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Case {row.RowKey}: its data blob {name} is missing.");
            json = Encoding.UTF8.GetString(blob.Data);
        }

        return JsonSerializer.Deserialize<CaseRecord>(json ?? "{}", CaseJson.Options)! with
        {
            ETag = row.ETag,
            LegacyAudit = row.Get(AuditBesideColumn) is null,
        };
    }
}
