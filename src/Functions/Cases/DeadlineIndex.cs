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
/// </summary>
public sealed class DeadlineIndex(ITableStore tables)
{
    private const string Table = StorageNames.DeadlinesTable;

    public static string Partition(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task PutAsync(DeadlineEntry entry, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(Table, new TableRow(Partition(entry.Deadline.Due), RowKey(entry.CaseId, entry.Deadline.Kind), new Dictionary<string, string>
        {
            ["Json"] = JsonSerializer.Serialize(entry, CaseJson.Options),
            ["Agency"] = entry.Agency,
            ["Procedure"] = entry.Procedure,
            ["WarningFrom"] = entry.Deadline.WarningFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        }), cancellationToken);

    public Task RemoveAsync(string caseId, CaseDeadline deadline, CancellationToken cancellationToken = default) =>
        tables.DeleteAsync(Table, Partition(deadline.Due), RowKey(caseId, deadline.Kind), cancellationToken);

    /// <summary>Deadlines falling on <paramref name="date"/>.</summary>
    public async Task<IReadOnlyList<DeadlineEntry>> DueOnAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        Parse(await tables.QueryPartitionAsync(Table, Partition(date), cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <summary>Deadlines with due dates in [from, to).</summary>
    public async Task<IReadOnlyList<DeadlineEntry>> DueBetweenAsync(DateOnly from, DateOnly toExclusive, CancellationToken cancellationToken = default) =>
        Parse(await tables.QueryPartitionRangeAsync(Table, Partition(from), Partition(toExclusive), cancellationToken).ConfigureAwait(false));

    /// <summary>Open deadlines already past on <paramref name="today"/>.</summary>
    public Task<IReadOnlyList<DeadlineEntry>> OverdueAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        DueBetweenAsync(DateOnly.MinValue, today, cancellationToken);

    private static string RowKey(string caseId, string kind) => caseId + "|" + kind;

    private static List<DeadlineEntry> Parse(IReadOnlyList<TableRow> rows) =>
        rows.Select(r => JsonSerializer.Deserialize<DeadlineEntry>(r.Get("Json")!, CaseJson.Options)!).ToList();
}
