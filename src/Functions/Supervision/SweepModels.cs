using Workflows.Functions.Cases;

namespace Workflows.Functions.Supervision;

/// <summary>Why a deadline is in a day's sweep.</summary>
public enum SweepKind
{
    /// <summary>Inside the warning horizon (预警): due in the coming days.</summary>
    Warning,

    /// <summary>Due today (今日到期): the legal day ends at 24:00 China time.</summary>
    DueToday,

    /// <summary>Past its deadline with no decision (逾期).</summary>
    Overdue,
}

/// <summary>One open, validated deadline the sweep acts on.</summary>
public sealed record SweepItem(CaseRecord Case, CaseDeadline Deadline, SweepKind Kind, int DaysOverdue);

/// <summary>The collection phase's result: the due deadlines, and the stale index rows it removed.</summary>
public sealed record DueDeadlines(DateOnly Date, IReadOnlyList<SweepItem> Items, int IndexRowsRead, int StaleRowsRemoved);

/// <summary>A digest written for one agency, department (<see cref="Workflows.Domain.Access.AccessPolicy.Departments"/>) and day.</summary>
public sealed record DigestFile(string Agency, string Department, DateOnly Date, string CsvBlob, string HtmlBlob, int Items);

/// <summary>What a day's sweep did.</summary>
public sealed record SweepResult(
    DateOnly Date,
    bool WorkingDay,
    int Warning,
    int DueToday,
    int Overdue,
    int StaleRowsRemoved,
    int NotificationsQueued,
    int NotificationsAlreadyQueued,
    IReadOnlyList<DigestFile> Digests
);
