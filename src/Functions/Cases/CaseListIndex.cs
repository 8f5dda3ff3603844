using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workflows.Domain.Access;
using Workflows.Domain.Cases;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>The orders a case list is served in.</summary>
public enum CaseSort
{
    /// <summary>Newest first (ties by case id): the default, as before the index.</summary>
    Created,

    /// <summary>Open cases by due date (the most urgent first: red before yellow before green), then open cases without a
    /// deadline, then closed cases, each newest first.</summary>
    Due,
}

/// <summary>What a case list may be filtered by (issue 15 item 5). Every filter is a rule over <see cref="CaseListFacts"/>,
/// evaluated the same way on an index row and on the case record it points to.</summary>
public sealed record CaseListQuery
{
    public CaseSort Sort { get; init; }

    /// <summary>The jurisdiction asked for (a division code); null: the caller's own.</summary>
    public string? Agency { get; init; }

    public string? Procedure { get; init; }

    public string? Uscc { get; init; }

    /// <summary>Text the title or a party's name contains (case-insensitive).</summary>
    public string? Text { get; init; }

    public string? State { get; init; }

    public TrafficLight? Light { get; init; }

    /// <summary>Open cases whose current deadline falls on or after this legal date.</summary>
    public DateOnly? DueFrom { get; init; }

    /// <summary>Open cases whose current deadline falls on or before this legal date.</summary>
    public DateOnly? DueTo { get; init; }

    /// <summary>The legal date lights are computed for.</summary>
    public required DateOnly Today { get; init; }
}

/// <summary>The facts of a case the list filters and access decisions read: kept in every index row, so a page is
/// filtered without reading a case record, and read again from the record before it is served.</summary>
public sealed record CaseListFacts(
    string Id,
    string Procedure,
    string Agency,
    string Title,
    string State,
    bool Closed,
    DateTimeOffset CreatedUtc,
    DateOnly? Due,
    DateOnly? WarningFrom,
    IReadOnlyList<string> Usccs,
    IReadOnlyList<string> ParticipantIds,
    IReadOnlyList<string> AwaitedEvents,
    IReadOnlyList<string> Names,
    bool? OnTime = null,
    DateTimeOffset? ClosedUtc = null
)
{
    /// <summary>Text kept per title and name: an index row stays far below Table storage's 64 KiB property whatever a
    /// filing holds; a text search reads the first 500 characters of the title and of 20 names, on the index and the
    /// record alike.</summary>
    public const int MaxTextChars = 500;

    public const int MaxNames = 20;

    public static CaseListFacts Of(CaseRecord c) =>
        new(
            c.Id,
            c.Procedure,
            c.Agency,
            Cut(c.Title),
            c.State,
            c.Closed,
            c.CreatedUtc,
            c.Deadline?.Due,
            c.Deadline?.WarningFrom,
            c.Usccs,
            c.ParticipantIds,
            c.AwaitedEvents,
            [.. c.Parties.Take(MaxNames).Select(p => Cut(p.Name))],
            c.OnTime,
            c.ClosedUtc
        );

    private static string Cut(string text) => text.Length <= MaxTextChars ? text : text[..MaxTextChars];

    public CaseFacts Access() => new(Procedure, Agency, Usccs, ParticipantIds, AwaitedEvents);

    public TrafficLight Light(DateOnly today) => TrafficLights.Of(Closed, Due, WarningFrom, today);

    /// <summary>Whether the case is on <paramref name="principal"/>'s list for <paramref name="query"/>: the access
    /// policy first (a case outside the caller's share does not exist), then every filter.</summary>
    public bool Matches(Principal principal, CaseListQuery query) =>
        AccessPolicy.CanRead(principal, Access())
        && (query.Agency is null || Jurisdiction.Covers(query.Agency, Agency))
        && (query.Procedure is null || Procedure == query.Procedure)
        && (query.Uscc is null || Usccs.Contains(query.Uscc, StringComparer.OrdinalIgnoreCase))
        && (query.State is null || State == query.State)
        && (query.Light is null || Light(query.Today) == query.Light)
        && (query.DueFrom is null || (!Closed && Due >= query.DueFrom))
        && (query.DueTo is null || (!Closed && Due <= query.DueTo))
        && (query.Text is null || ContainsText(query.Text));

    private bool ContainsText(string text) =>
        Title.Contains(text, StringComparison.OrdinalIgnoreCase)
        || Names.Any(n => n.Contains(text, StringComparison.OrdinalIgnoreCase))
        || Usccs.Any(u => u.Contains(text, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One page of a list: its cases and the token of the next page (null after the last).</summary>
public sealed record CaseListPage(IReadOnlyList<CaseRecord> Items, string? ContinuationToken);

/// <summary>
/// The list index (issue 22 item 1), table <c>CaseList</c>. Each case has two rows, one per order, in each list it is
/// on: partition <c>j|{jurisdiction prefix}|{procedure}</c> for every agency whose jurisdiction covers it (province,
/// city, county), <c>u|{USCC hash}</c> for each unit it is about and <c>p|{participant hash}</c> for each party that
/// filed or joined it; row key <c>c|{inverted creation ticks}|{case id}</c> (newest first) and <c>d|{due key}</c> (open
/// with a deadline by due date, open without one, closed). Both orders share the partition so that a step rewrites a
/// list's rows in one entity-group transaction (layout v3; v2 kept each order in a partition of its own, one request
/// per row). A page reads the few partitions of the caller's share from the continuation token on, within one order's
/// key range, at most <see cref="MaxExaminedRows"/> rows, and never a whole partition. Rows are written after each
/// write of the record and checked against the record when served: a row the record no longer implies (a moved due
/// date, a lost race) is skipped, so the index may lag but never shows a wrong case.
/// </summary>
public sealed class CaseListIndex(ITableStore tables)
{
    public const string Table = StorageNames.CaseListTable;

    /// <summary>Index rows one page request examines at most: a rare filter answers a short (even empty) page and a
    /// token instead of reading on (as Table storage itself does with its 1,000-row responses).</summary>
    public const int MaxExaminedRows = 1000;

    private const string TokenVersion = "v1";

    /// <summary>The partition holding one row per open case, whatever its agency and procedure.</summary>
    public const string OpenPartition = "open";

    private const string CreatedOrder = "c|";

    private const string DueOrder = "d|";

    /// <summary>Every index row of <paramref name="record"/>.</summary>
    public static IReadOnlyList<TableRow> Rows(CaseRecord record)
    {
        var facts = CaseListFacts.Of(record);
        var properties = Properties(facts);
        var rows = new List<TableRow>();
        foreach (var family in Families(facts))
        {
            rows.Add(new TableRow(family, CreatedOrder + CreatedKey(facts), properties));
            rows.Add(new TableRow(family, DueOrder + DueKey(facts), properties));
        }

        if (!facts.Closed)
        {
            // One key-only row per open case: the open-case count (LocalHost's capacity warning) reads this partition.
            rows.Add(new TableRow(OpenPartition, facts.Id, new Dictionary<string, string>(StringComparer.Ordinal)));
        }

        return rows;
    }

    /// <summary>Writes the rows of <paramref name="record"/>; with the <paramref name="previous"/> version, deletes the
    /// rows it no longer has and skips those that did not change: one request per list partition (both orders' rows and
    /// the deletions in one transaction). Upserts and deletes: a retry is harmless.</summary>
    public async Task PutAsync(CaseRecord record, CaseRecord? previous, CancellationToken cancellationToken = default)
    {
        var next = Rows(record);
        var before = previous is null ? [] : Rows(previous);
        var writes = next.Where(n => !before.Any(b => SameRow(b, n)));
        var deletions = before.Where(b => !next.Any(n => SameKey(n, b))).Select(b => TableRow.Deletion(b.PartitionKey, b.RowKey));
        var partitions = writes.Concat(deletions).GroupBy(r => r.PartitionKey, StringComparer.Ordinal);
        await Task.WhenAll(partitions.Select(p => WritePartitionAsync([.. p], cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>One partition's changes in one transaction. A deletion that finds no row (a retried step whose transaction
    /// had landed, or a concurrent step) fails the transaction whole; then each row is written alone, where deleting a
    /// missing row is harmless.</summary>
    private async Task WritePartitionAsync(IReadOnlyList<TableRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count > 1)
        {
            try
            {
                await tables.SubmitTransactionAsync(Table, rows, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageConflictException)
            {
                // Rows alone, below.
            }
        }

        await Task.WhenAll(
                rows.Select(r =>
                    r.ETag == TableRow.DeleteExisting
                        ? tables.DeleteAsync(Table, r.PartitionKey, r.RowKey, cancellationToken)
                        : (Task)tables.UpsertAsync(Table, r, cancellationToken)
                )
            )
            .ConfigureAwait(false);
    }

    /// <summary>The case an index row points to.</summary>
    public static string CaseIdOf(TableRow row) => row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..];

    /// <summary>Whether <paramref name="row"/> is one of the rows <paramref name="record"/> implies now.</summary>
    public static bool IsCurrent(TableRow row, CaseRecord record) => Rows(record).Any(r => SameKey(r, row));

    /// <summary>
    /// Candidates of one page: index rows after <paramref name="token"/> in the partitions of the caller's share that
    /// match the query on their facts, merged in row-key order, at most <paramref name="pageSize"/>.
    /// </summary>
    public Task<(IReadOnlyList<TableRow> Rows, string? Token)> CandidatesAsync(
        Principal principal,
        CaseListQuery query,
        string? token,
        int pageSize,
        CancellationToken cancellationToken = default
    ) => CandidatesAsync(principal, query, token, pageSize, f => f.Matches(principal, query), cancellationToken);

    /// <summary>As <see cref="CandidatesAsync(Principal, CaseListQuery, string?, int, CancellationToken)"/>, the rows
    /// kept by <paramref name="matches"/> (a list with filters of its own, such as the worklist's).</summary>
    public async Task<(IReadOnlyList<TableRow> Rows, string? Token)> CandidatesAsync(
        Principal principal,
        CaseListQuery query,
        string? token,
        int pageSize,
        Func<CaseListFacts, bool> matches,
        CancellationToken cancellationToken = default
    )
    {
        // Positions (tokens, key ranges) are row keys without the order's prefix, as in layout v2: tokens stay valid.
        var order = query.Sort == CaseSort.Due ? DueOrder : CreatedOrder;
        var (from, to) = KeyRange(query);
        var cursor = order + (token is null || string.CompareOrdinal(token, from) < 0 ? from : token);
        var end = to is null ? OrderEnd(order) : order + to;
        var active = Partitions(principal, query).Distinct(StringComparer.Ordinal).ToList();
        var found = new List<TableRow>();
        var examined = 0;
        while (active.Count > 0 && found.Count < pageSize && examined < MaxExaminedRows)
        {
            // One row more than the page needs tells whether another page follows; a filter that skips rows reads on.
            var batch = Math.Min(MaxExaminedRows - examined, Math.Max(pageSize - found.Count + 1, 20));
            var reads = active.Select(p => tables.QueryPageAsync(Table, p, cursor, end, batch, cancellationToken));
            var fetched = await Task.WhenAll(reads).ConfigureAwait(false);
            // Rows are known in order only up to the last key of each partition that may hold more.
            var horizon = fetched.Where(rows => rows.Count >= batch).Select(rows => rows[^1].RowKey).Min(StringComparer.Ordinal);
            active = [.. active.Where((_, i) => MayHoldMore(fetched[i], batch, horizon))];
            var merged = fetched
                .SelectMany(rows => rows)
                .Where(r => horizon is null || string.CompareOrdinal(r.RowKey, horizon) <= 0)
                .DistinctBy(r => r.RowKey)
                .OrderBy(r => r.RowKey, StringComparer.Ordinal)
                .ToList();
            for (var i = 0; i < merged.Count; i++)
            {
                examined++;
                cursor = merged[i].RowKey;
                if (matches(FactsOf(merged[i])))
                {
                    found.Add(merged[i]);
                }

                if (found.Count >= pageSize || examined >= MaxExaminedRows)
                {
                    var more = active.Count > 0 || i < merged.Count - 1;
                    return (found, more ? Token(query.Sort, cursor[order.Length..]) : null);
                }
            }

            if (horizon is not null)
            {
                cursor = horizon;
            }
        }

        return (found, active.Count == 0 ? null : Token(query.Sort, cursor[order.Length..]));
    }

    /// <summary>
    /// The facts of every open case in the caller's share (the due order's open keys, <c>d|0|</c> and <c>d|1|</c>): the live
    /// workload, which a worklist counts by light. Closed cases, the years of history, are not read.
    /// </summary>
    public async Task<IReadOnlyList<CaseListFacts>> OpenFactsAsync(
        Principal principal,
        CaseListQuery query,
        CancellationToken cancellationToken = default
    )
    {
        var partitions = Partitions(principal, query).Distinct(StringComparer.Ordinal);
        var reads = partitions.Select(p => FactsOfRangeAsync(p, DueOrder + "0", DueOrder + "2", cancellationToken));
        var facts = await Task.WhenAll(reads).ConfigureAwait(false);
        return [.. facts.SelectMany(f => f).DistinctBy(f => f.Id, StringComparer.Ordinal)];
    }

    /// <summary>How many cases are open (one key-only row each), read a Table storage page at a time.</summary>
    public async Task<int> OpenCaseCountAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        for (string? cursor = null; ; )
        {
            var rows = await tables.QueryPageAsync(Table, OpenPartition, cursor, null, MaxExaminedRows, cancellationToken).ConfigureAwait(false);
            count += rows.Count;
            if (rows.Count < MaxExaminedRows)
            {
                return count;
            }

            cursor = rows[^1].RowKey;
        }
    }

    /// <summary>The facts of every case of <paramref name="procedure"/> in the jurisdiction of <paramref name="agency"/>
    /// (one index partition's creation order, newest first): what a statistic or a programme's evaluation counts, without
    /// one case record.</summary>
    public Task<IReadOnlyList<CaseListFacts>> JurisdictionFactsAsync(
        string agency,
        string procedure,
        CancellationToken cancellationToken = default
    ) =>
        FactsOfRangeAsync(JurisdictionFamily(Jurisdiction.Prefix(agency), procedure), CreatedOrder, OrderEnd(CreatedOrder), cancellationToken);

    /// <summary>The partitions layout v2 wrote the rows of <paramref name="record"/> to (one per order and list), which
    /// layout v3 no longer reads: the migration empties them.</summary>
    public static IEnumerable<string> LegacyPartitions(CaseRecord record) =>
        Families(CaseListFacts.Of(record)).SelectMany(family => new[] { CreatedOrder + family, DueOrder + family });

    /// <summary>Deletes every row of <paramref name="partition"/>, a Table storage page at a time, up to 100 rows per
    /// transaction (rows another host deleted meanwhile: one at a time).</summary>
    public async Task ClearPartitionAsync(string partition, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var rows = await tables.QueryPageAsync(Table, partition, null, null, MaxExaminedRows, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return;
            }

            foreach (var chunk in rows.Chunk(AzureStorageRules.MaxTransactionOperations))
            {
                await WritePartitionAsync([.. chunk.Select(r => TableRow.Deletion(r.PartitionKey, r.RowKey))], cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>The rows of one partition between the keys, a Table storage page (1,000 rows) at a time.</summary>
    private async Task<IReadOnlyList<CaseListFacts>> FactsOfRangeAsync(
        string partition,
        string? after,
        string? before,
        CancellationToken cancellationToken
    )
    {
        var facts = new List<CaseListFacts>();
        for (var cursor = after; ; )
        {
            var rows = await tables.QueryPageAsync(Table, partition, cursor, before, MaxExaminedRows, cancellationToken).ConfigureAwait(false);
            facts.AddRange(rows.Select(FactsOf));
            if (rows.Count < MaxExaminedRows)
            {
                return facts;
            }

            cursor = rows[^1].RowKey;
        }
    }

    /// <summary>A partition is read again when it returned a full batch, or rows past the horizon that wait for their turn.</summary>
    private static bool MayHoldMore(IReadOnlyList<TableRow> rows, int batch, string? horizon) =>
        rows.Count >= batch || (horizon is not null && rows.Any(r => string.CompareOrdinal(r.RowKey, horizon) > 0));

    /// <summary>The position a token names, or why it names none (it is the client's to send back, so it is checked).</summary>
    public static (string? Position, string? Problem) ReadToken(string? token, CaseSort sort)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, null);
        }

        string text;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/').PadRight((token.Length + 3) / 4 * 4, '=');
            text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return (null, "continuation-token.malformed");
        }

        var parts = text.Split('\n');
        if (parts.Length != 3 || parts[0] != TokenVersion || AzureStorageRules.KeyProblem(parts[2]) is not null)
        {
            return (null, "continuation-token.malformed");
        }

        return parts[1] == sort.ToString() ? (parts[2], null) : (null, "continuation-token.sort");
    }

    private static string Token(CaseSort sort, string position) =>
        Convert
            .ToBase64String(Encoding.UTF8.GetBytes($"{TokenVersion}\n{sort}\n{position}"))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');

    /// <summary>The partitions (without the order) a list reads: the jurisdiction's procedures for an agency; for a
    /// party, its own unit's and its own filings, and the public notices of its jurisdiction its role may answer.</summary>
    private static IEnumerable<string> Partitions(Principal principal, CaseListQuery query)
    {
        var policy = AccessPolicy.Of(principal.Role);
        var procedures = policy.Procedures.Where(p => query.Procedure is null || p == query.Procedure).ToList();
        if (policy.Scope == CaseScope.Jurisdiction)
        {
            return query.Uscc is not null
                ? [UsccFamily(query.Uscc)]
                : procedures.Select(p => JurisdictionFamily(Jurisdiction.Prefix(query.Agency ?? principal.Agency), p));
        }

        var own = new List<string> { ParticipantFamily(principal.Id) };
        if (principal.Uscc is { Length: > 0 } uscc)
        {
            own.Add(UsccFamily(uscc));
        }

        if (policy.PublicNoticeEvents.Count > 0 && Jurisdiction.IsDivisionCode(query.Agency ?? principal.Agency))
        {
            own.AddRange(procedures.Select(p => JurisdictionFamily(Jurisdiction.Prefix(query.Agency ?? principal.Agency), p)));
        }

        return own;
    }

    /// <summary>The row-key range the filters allow in the chosen order: (after, before).</summary>
    private static (string From, string? To) KeyRange(CaseListQuery query)
    {
        if (query.Sort != CaseSort.Due)
        {
            return (string.Empty, null);
        }

        var today = Day(query.Today);
        var (from, to) = query.Light switch
        {
            TrafficLight.Red => ("0|", "0|" + today),
            TrafficLight.Yellow => ("0|" + today, "1"),
            TrafficLight.Green => ("0|" + today, "2"),
            TrafficLight.Grey => ("2|", "3"),
            _ => (string.Empty, (string?)null),
        };
        if (query.DueFrom is { } dueFrom && string.CompareOrdinal("0|" + Day(dueFrom), from) > 0)
        {
            from = "0|" + Day(dueFrom);
        }

        if (query.DueTo is { } dueTo && (to is null || string.CompareOrdinal("0|" + Day(dueTo.AddDays(1)), to) < 0))
        {
            to = "0|" + Day(dueTo.AddDays(1));
        }

        return (from, to);
    }

    private static IEnumerable<string> Families(CaseListFacts facts)
    {
        foreach (var prefix in CoveringPrefixes(facts.Agency))
        {
            yield return JurisdictionFamily(prefix, facts.Procedure);
        }

        foreach (var uscc in facts.Usccs.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            yield return UsccFamily(uscc);
        }

        foreach (var id in facts.ParticipantIds.Distinct(StringComparer.Ordinal))
        {
            yield return ParticipantFamily(id);
        }
    }

    /// <summary>The jurisdiction prefixes of every agency that covers <paramref name="agency"/> (see
    /// <see cref="Jurisdiction.Prefix"/>): the province's two digits, the city's four, the county's six.</summary>
    public static IEnumerable<string> CoveringPrefixes(string agency)
    {
        if (!Jurisdiction.IsDivisionCode(agency))
        {
            yield break;
        }

        yield return agency[..2];
        if (agency[2..4] != "00")
        {
            yield return agency[..4];
        }

        if (agency[4..] != "00")
        {
            yield return agency;
        }
    }

    private static string JurisdictionFamily(string prefix, string procedure) => $"j|{prefix}|{procedure}";

    /// <summary>A key above every row key of the order (<c>}</c> follows <c>|</c>).</summary>
    private static string OrderEnd(string order) => order[..^1] + "}";

    private static string UsccFamily(string uscc) => "u|" + Hash(uscc.ToUpperInvariant());

    private static string ParticipantFamily(string principalId) => "p|" + Hash(principalId);

    /// <summary>Ids chosen by others may hold characters a key cannot; a hash always fits (and the facts decide access).</summary>
    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    private static string CreatedKey(CaseListFacts f) =>
        (DateTime.MaxValue.Ticks - f.CreatedUtc.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + f.Id;

    private static string DueKey(CaseListFacts f) =>
        f.Closed ? "2|" + CreatedKey(f)
        : f.Due is { } due ? $"0|{Day(due)}|{f.Id}"
        : "1|" + CreatedKey(f);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Properties(CaseListFacts f) =>
        new(StringComparer.Ordinal) { ["Facts"] = JsonSerializer.Serialize(f, CaseJson.Options) };

    public static CaseListFacts FactsOf(TableRow row) => JsonSerializer.Deserialize<CaseListFacts>(row.Get("Facts")!, CaseJson.Options)!;

    private static bool SameKey(TableRow a, TableRow b) =>
        string.Equals(a.PartitionKey, b.PartitionKey, StringComparison.Ordinal)
        && string.Equals(a.RowKey, b.RowKey, StringComparison.Ordinal);

    private static bool SameRow(TableRow a, TableRow b) =>
        SameKey(a, b) && string.Equals(a.Get("Facts"), b.Get("Facts"), StringComparison.Ordinal);
}
