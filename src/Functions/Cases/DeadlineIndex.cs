using System.Globalization;
using System.Text.Json;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Cases;

/// <summary>One open deadline in the index.</summary>
public sealed record DeadlineEntry(string CaseId, string Agency, string Procedure, string Title, CaseDeadline Deadline);

/// <summary>
/// The deadline index: partition = due date (legal date, yyyy-MM-dd), row = case id and deadline kind. "What is due
/// on day D" is one partition query; a met or replaced deadline is deleted, so the partitions before today hold
/// exactly the overdue open cases and a sweep's cost follows the number of due cases, not the number tracked.
/// Each deadline also has a twin row in partition "w|{warning date}" (its WarningFrom, or its due date when it has no
/// warning horizon): the partitions up to today then hold exactly the open deadlines whose warning horizon has begun
/// (due within the horizon, due today or overdue), so the daily sweep reads those and nothing else.
/// </summary>
public sealed class DeadlineIndex(ITableStore tables)
{
    private const string Table = StorageNames.DeadlinesTable;

    public static string Partition(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Prefix of the warning-date partitions (sorts after every date partition, so date ranges never meet them).</summary>
    public const string WarningPartitionPrefix = "w|";

    public static string WarningPartition(CaseDeadline deadline) => WarningPartitionPrefix + Partition(WarningStart(deadline));

    /// <summary>The first day the sweep must look at a deadline: its warning date, never later than its due date.</summary>
    public static DateOnly WarningStart(CaseDeadline deadline) => deadline.WarningFrom is { } w && w < deadline.Due ? w : deadline.Due;

    public async Task PutAsync(DeadlineEntry entry, CancellationToken cancellationToken = default)
    {
        var row = ToRow(entry, Partition(entry.Deadline.Due));
        await tables.UpsertAsync(Table, row, cancellationToken).ConfigureAwait(false);
        await tables
            .UpsertAsync(Table, row with { PartitionKey = WarningPartition(entry.Deadline) }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The index rows of one deadline (due-date row and warning twin), e.g. for batch seeding per partition.</summary>
    public static (TableRow DueRow, TableRow WarningRow) Rows(DeadlineEntry entry)
    {
        var row = ToRow(entry, Partition(entry.Deadline.Due));
        return (row, row with { PartitionKey = WarningPartition(entry.Deadline) });
    }

    public async Task RemoveAsync(string caseId, CaseDeadline deadline, CancellationToken cancellationToken = default)
    {
        await tables.DeleteAsync(Table, Partition(deadline.Due), RowKey(caseId, deadline.Kind), cancellationToken).ConfigureAwait(false);
        await tables.DeleteAsync(Table, WarningPartition(deadline), RowKey(caseId, deadline.Kind), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Open deadlines whose warning horizon has begun by <paramref name="today"/>: inside the horizon, due today and
    /// overdue. One range scan over the warning partitions; its cost follows the number of such deadlines.
    /// </summary>
    public async Task<IReadOnlyList<DeadlineEntry>> WarningStartedAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        Parse(
            await tables
                .QueryPartitionRangeAsync(
                    Table,
                    WarningPartitionPrefix,
                    WarningPartitionPrefix + Partition(today.AddDays(1)),
                    cancellationToken
                )
                .ConfigureAwait(false)
        );

    /// <summary>
    /// How many open cases have a deadline whose warning horizon has not begun by <paramref name="today"/> (green).
    /// Reads the later warning partitions' keys once a day; nothing is parsed.
    /// </summary>
    public async Task<int> NotYetWarnedCaseCountAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var rows = await tables
            .QueryPartitionRangeAsync(
                Table,
                WarningPartitionPrefix + Partition(today.AddDays(1)),
                WarningPartitionPrefix + "~",
                cancellationToken
            )
            .ConfigureAwait(false);
        return rows.Select(r => r.RowKey[..r.RowKey.LastIndexOf('|')]).Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>Deadlines falling on <paramref name="date"/>.</summary>
    public async Task<IReadOnlyList<DeadlineEntry>> DueOnAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        Parse(await tables.QueryPartitionAsync(Table, Partition(date), cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <summary>Deadlines with due dates in [from, to).</summary>
    public async Task<IReadOnlyList<DeadlineEntry>> DueBetweenAsync(
        DateOnly from,
        DateOnly toExclusive,
        CancellationToken cancellationToken = default
    ) =>
        Parse(
            await tables.QueryPartitionRangeAsync(Table, Partition(from), Partition(toExclusive), cancellationToken).ConfigureAwait(false)
        );

    /// <summary>Open deadlines already past on <paramref name="today"/>.</summary>
    public Task<IReadOnlyList<DeadlineEntry>> OverdueAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        DueBetweenAsync(DateOnly.MinValue, today, cancellationToken);

    private static string RowKey(string caseId, string kind) => caseId + "|" + kind;

    private static TableRow ToRow(DeadlineEntry entry, string partition) =>
        new(
            partition,
            RowKey(entry.CaseId, entry.Deadline.Kind),
            new Dictionary<string, string>
            {
                ["Json"] = JsonSerializer.Serialize(Slim(entry), CaseJson.Options),
                ["Agency"] = entry.Agency,
                ["Procedure"] = entry.Procedure,
                ["WarningFrom"] = entry.Deadline.WarningFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
            }
        );

    /// <summary>The entry as the index keeps it: without the deadline's explanation, which the case record holds and
    /// nobody reads from here (the sweep and the calendar listener check each row against its record). Issue 22: the
    /// explanation was two thirds of each case's index text.</summary>
    private static DeadlineEntry Slim(DeadlineEntry entry) =>
        entry with { Deadline = entry.Deadline with { Explanation = [], ExplanationLines = null } };

    private static List<DeadlineEntry> Parse(IReadOnlyList<TableRow> rows) =>
        rows.Select(r => JsonSerializer.Deserialize<DeadlineEntry>(r.Get("Json")!, CaseJson.Options)!).ToList();
}
