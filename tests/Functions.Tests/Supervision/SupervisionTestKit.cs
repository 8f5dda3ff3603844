using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;

namespace Workflows.Functions.Tests.Supervision;

/// <summary>In-memory storage with the supervision services wired as the hosts wire them.</summary>
public sealed class SupervisionTestKit
{
    public SupervisionTestKit(DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        Blobs = new InMemoryBlobStore(Clock);
        Cases = new CaseStore(Tables);
        Index = new DeadlineIndex(Tables);
        Outbox = new NotificationOutbox(Tables);
        Calendars = new CalendarService(Tables, [], Clock, NullLogger<CalendarService>.Instance);
        Sweep = new ComplianceSweep(Cases, Index, Outbox, Calendars, new DigestWriter(Blobs), NullLogger<ComplianceSweep>.Instance);
    }

    public InMemoryTableStore Tables { get; } = new();

    public InMemoryBlobStore Blobs { get; }

    /// <summary>A settable clock (tests never read the wall clock).</summary>
    public FakeTimeProvider Clock { get; }

    public CaseStore Cases { get; }

    public DeadlineIndex Index { get; }

    public NotificationOutbox Outbox { get; }

    public CalendarService Calendars { get; }

    public ComplianceSweep Sweep { get; }

    /// <summary>A deadline as ComputeDeadlineActivity makes it (Decree 746 Art. 19: registration decision in 3 working days).</summary>
    public static CaseDeadline Deadline(
        DateOnly due,
        DateOnly? warningFrom,
        Role responsible = Role.RegistrationOfficer,
        string kind = "decision"
    ) =>
        new(
            kind,
            "登记决定",
            due,
            ChinaTime.EndOfDayUtc(due),
            warningFrom,
            LegalCalendar.WorkingDaysRule,
            "市场主体登记管理条例第十九条",
            false,
            [$"受理之日起 3 个工作日内作出登记决定，届满日 {due:yyyy-MM-dd}"],
            responsible,
            due.AddDays(-5),
            3
        );

    public async Task<CaseRecord> SeedAsync(
        string id,
        CaseDeadline? deadline,
        bool closed = false,
        bool? onTime = null,
        string? indexDeadlineOverride = null
    )
    {
        CaseIds.TryGetAgency(id, out var agency);
        var record = new CaseRecord
        {
            Id = id,
            Procedure = "registration",
            Agency = agency,
            Title = "漯河市示例食品有限公司设立登记 " + id[^4..],
            State = closed ? "registered" : "under-review",
            CreatedUtc = Clock.GetUtcNow().AddDays(-10),
            Deadline = closed ? null : deadline,
            Closed = closed,
            OnTime = onTime,
            Late = onTime == false,
        };
        Assert.True(await Cases.TryCreateAsync(record));
        if (deadline is not null)
        {
            await Index.PutAsync(new DeadlineEntry(id, agency, record.Procedure, record.Title, deadline));
        }

        return record;
    }
}
