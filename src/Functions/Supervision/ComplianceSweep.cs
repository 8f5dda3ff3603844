using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Registry;
using Workflows.Functions.Telemetry;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Supervision;

/// <summary>
/// The daily compliance sweep (电子监察 daily run): on each working day of the legal calendar it collects the open
/// deadlines whose warning horizon has begun (inside the horizon, due today, overdue) from the deadline index,
/// validates each row against its case, queues one notification per responsible party per case per day, and writes
/// one digest per agency. Running it twice for the same day queues nothing new (deterministic outbox keys) and
/// rewrites the same digests.
/// </summary>
public sealed class ComplianceSweep(
    CaseStore cases,
    DeadlineIndex deadlines,
    NotificationOutbox outbox,
    CalendarService calendars,
    DigestWriter digests,
    ILogger<ComplianceSweep> logger,
    WorkflowsMetrics? metrics = null
)
{
    /// <summary>Runs the sweep for legal date <paramref name="date"/>; on rest days it only reports that it skipped.</summary>
    public async Task<SweepResult> RunAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var calendar = await calendars.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!calendar.IsWorkingDay(date))
        {
            logger.LogInformation("Compliance sweep {Date}: not a working day, nothing sent.", date);
            return new SweepResult(date, false, 0, 0, 0, 0, 0, 0, []);
        }

        var started = Stopwatch.GetTimestamp();
        var collection = await CollectAsync(date, cancellationToken).ConfigureAwait(false);
        var queued = 0;
        var existing = 0;
        var queuedUtc = QueuedUtc(date);
        foreach (var item in collection.Items)
        {
            using var scope = logger.BeginScope(LogScopes.Case(item.Case.Id, item.Case.Procedure, item.Case.Agency));
            foreach (var notification in Notifications(item, date))
            {
                if (await outbox.EnqueueAsync(item.Case.Id, notification, queuedUtc, cancellationToken).ConfigureAwait(false))
                {
                    queued++;
                    logger.LogDebug(
                        "Compliance sweep {Date}: {Kind} notice {Key} queued for {Role}.",
                        date,
                        notification.Kind,
                        notification.Key,
                        notification.RecipientRole
                    );
                }
                else
                {
                    existing++;
                }
            }
        }

        var files = new List<DigestFile>();
        // One digest per agency and department, read only by those whose role sees that department's procedures.
        var groups = collection
            .Items.GroupBy(i => (i.Case.Agency, Department: AccessPolicy.DepartmentOf(i.Case.Procedure)))
            .OrderBy(g => g.Key.Agency, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Department, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            files.Add(
                await digests
                    .WriteAsync(group.Key.Agency, group.Key.Department, date, group.ToList(), cancellationToken)
                    .ConfigureAwait(false)
            );
        }

        var result = new SweepResult(
            date,
            true,
            collection.Items.Count(i => i.Kind == SweepKind.Warning),
            collection.Items.Count(i => i.Kind == SweepKind.DueToday),
            collection.Items.Count(i => i.Kind == SweepKind.Overdue),
            collection.StaleRowsRemoved,
            queued,
            existing,
            files
        );
        var green = metrics is null ? 0 : await deadlines.NotYetWarnedCaseCountAsync(date, cancellationToken).ConfigureAwait(false);
        RecordMetrics(result, green, Stopwatch.GetElapsedTime(started));
        logger.LogInformation(
            "Compliance sweep {Date}: {Warning} warning, {Due} due today, {Overdue} overdue, {Stale} stale rows removed, {Queued} notifications queued ({Existing} already queued), {Digests} digests.",
            date,
            result.Warning,
            result.DueToday,
            result.Overdue,
            result.StaleRowsRemoved,
            queued,
            existing,
            files.Count
        );
        return result;
    }

    /// <summary>The day's figures: overdue cases (red), those inside their warning horizon or due today (yellow), those
    /// whose horizon has not begun (green), and how long the sweep took.</summary>
    private void RecordMetrics(SweepResult result, int green, TimeSpan duration)
    {
        metrics?.OpenCases("green", green);
        metrics?.OverdueCases(result.Overdue);
        metrics?.OpenCases("red", result.Overdue);
        metrics?.OpenCases("yellow", result.Warning + result.DueToday);
        metrics?.SweepCompleted(duration);
    }

    /// <summary>
    /// The collection phase: the warning-started partitions of the deadline index (one range scan) and one point read
    /// per row to validate it against its case. A row whose case is closed, gone, or now held to another deadline is
    /// stale (the update that replaced it failed half-way, or predates the index): it is deleted here, lazily.
    /// </summary>
    public async Task<DueDeadlines> CollectAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var rows = await deadlines.WarningStartedAsync(date, cancellationToken).ConfigureAwait(false);
        var items = new List<SweepItem>();
        var stale = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var record = await cases.GetAsync(row.CaseId, cancellationToken).ConfigureAwait(false);
            if (
                record is null
                || record.Closed
                || record.Deadline is null
                || record.Deadline.Kind != row.Deadline.Kind
                || record.Deadline.Due != row.Deadline.Due
            )
            {
                await deadlines.RemoveAsync(row.CaseId, row.Deadline, cancellationToken).ConfigureAwait(false);
                stale++;
                continue;
            }

            if (!seen.Add(record.Id))
            {
                continue;
            }

            var deadline = record.Deadline;
            var kind =
                deadline.Due < date ? SweepKind.Overdue
                : deadline.Due == date ? SweepKind.DueToday
                : SweepKind.Warning;
            items.Add(new SweepItem(record, deadline, kind, kind == SweepKind.Overdue ? date.DayNumber - deadline.Due.DayNumber : 0));
        }

        return new DueDeadlines(
            date,
            items.OrderBy(i => i.Deadline.Due).ThenBy(i => i.Case.Id, StringComparer.Ordinal).ToList(),
            rows.Count,
            stale
        );
    }

    /// <summary>
    /// One notification per responsible party per case per day. The party the deadline binds is always told; once
    /// overdue, a registration officer's case is also escalated to the authority head (登记机关负责人, who approves
    /// extensions under Decree 746 Art. 19 and receives escalations).
    /// </summary>
    public static IReadOnlyList<NotificationRequest> Notifications(SweepItem item, DateOnly date)
    {
        var roles = new List<Role> { item.Deadline.ResponsibleRole };
        if (item.Kind == SweepKind.Overdue && item.Deadline.ResponsibleRole == Role.RegistrationOfficer)
        {
            roles.Add(Role.AuthorityHead);
        }

        var line = SweepMessages.Line(item);
        var text = ServerTexts.Default.Render(line, TextLanguage.Zh);
        return roles
            .Select(role => new NotificationRequest(
                Key(date, item.Case.Id, item.Kind, role),
                role,
                item.Case.Agency,
                "sweep-" + SweepMessages.KindId(item.Kind),
                text,
                item.Deadline.LegalBasis
            )
            {
                MessageLine = line,
            })
            .ToList();
    }

    /// <summary>Deterministic outbox key: the same day, case, kind and role always make the same key.</summary>
    public static string Key(DateOnly date, string caseId, SweepKind kind, Role role) =>
        $"sweep-{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{caseId}-{SweepMessages.KindId(kind)}-{role}";

    /// <summary>The sweep's messages are queued "at" 08:00 China time of the swept day, so a re-run (even on another
    /// day, on demand) lands in the same outbox partition and meets its earlier keys.</summary>
    public static DateTimeOffset QueuedUtc(DateOnly date) => ChinaTime.StartOfDayUtc(date).AddHours(8);
}
