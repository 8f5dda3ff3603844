using System.Text;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;
using Workflows.Functions.Notifications;
using Workflows.Functions.Storage;
using Workflows.Functions.Supervision;

namespace Workflows.Functions.Tests.Supervision;

public sealed class ComplianceSweepTests
{
    // Tuesday 12 March 2024, a working day; the sweep runs at 08:00 China time (00:00 UTC).
    private static readonly DateOnly Today = new(2024, 3, 12);
    private static readonly DateTimeOffset Now = new(2024, 3, 12, 0, 0, 0, TimeSpan.Zero);

    private const string DueToday = "REG-411100-20240307-AAAAAAAA";
    private const string InWarning = "REG-411100-20240308-BBBBBBBB";
    private const string Overdue = "REG-411100-20240301-CCCCCCCC";
    private const string NotYet = "REG-411100-20240314-DDDDDDDD";
    private const string ClosedStale = "REG-411100-20240305-EEEEEEEE";
    private const string Moved = "REG-411100-20240306-FFFFFFFF";
    private const string CountyOverdue = "REG-411102-20240301-GGGGGGGG";

    private static async Task<SupervisionTestKit> SeedAsync()
    {
        var kit = new SupervisionTestKit(Now);
        await kit.SeedAsync(DueToday, SupervisionTestKit.Deadline(Today, Today.AddDays(-1)));
        await kit.SeedAsync(InWarning, SupervisionTestKit.Deadline(Today.AddDays(1), Today));
        await kit.SeedAsync(Overdue, SupervisionTestKit.Deadline(new DateOnly(2024, 3, 8), new DateOnly(2024, 3, 7)));
        await kit.SeedAsync(NotYet, SupervisionTestKit.Deadline(new DateOnly(2024, 3, 20), new DateOnly(2024, 3, 19)));
        await kit.SeedAsync(
            CountyOverdue,
            SupervisionTestKit.Deadline(new DateOnly(2024, 3, 11), new DateOnly(2024, 3, 8), Role.CountyOffice)
        );

        // A case closed after its index row was written (the removal was lost): a stale row due today.
        var closed = await kit.SeedAsync(ClosedStale, SupervisionTestKit.Deadline(Today, Today.AddDays(-1)));
        await kit.Cases.ReplaceAsync(closed with { Closed = true, Deadline = null, OnTime = true });

        // A case whose deadline was extended (Art. 19 extension) but whose old row remained: stale, in the past.
        var moved = await kit.SeedAsync(Moved, SupervisionTestKit.Deadline(new DateOnly(2024, 3, 11), new DateOnly(2024, 3, 8)));
        await kit.Cases.ReplaceAsync(
            moved with
            {
                Deadline = SupervisionTestKit.Deadline(new DateOnly(2024, 3, 25), new DateOnly(2024, 3, 22)),
            }
        );
        return kit;
    }

    [Fact]
    public async Task RunAsync_WorkingDayWithDueWarningAndOverdueCases_QueuesOneNotificationPerResponsiblePartyPerCase()
    {
        var kit = await SeedAsync();

        var result = await kit.Sweep.RunAsync(Today, CancellationToken.None);

        Assert.True(result.WorkingDay);
        Assert.Equal((1, 1, 2, 2), (result.Warning, result.DueToday, result.Overdue, result.StaleRowsRemoved));
        var messages = (await kit.Outbox.ReadAsync(Today)).Select(m => m.Message).ToList();
        var expected = new[]
        {
            ComplianceSweep.Key(Today, DueToday, SweepKind.DueToday, Role.RegistrationOfficer),
            ComplianceSweep.Key(Today, InWarning, SweepKind.Warning, Role.RegistrationOfficer),
            ComplianceSweep.Key(Today, Overdue, SweepKind.Overdue, Role.RegistrationOfficer),
            ComplianceSweep.Key(Today, Overdue, SweepKind.Overdue, Role.AuthorityHead),
            ComplianceSweep.Key(Today, CountyOverdue, SweepKind.Overdue, Role.CountyOffice),
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), messages.Select(m => m.Key).Order(StringComparer.Ordinal));
        Assert.All(messages, m => Assert.Equal(NotificationOutbox.Pending, m.Status));
        Assert.Equal(5, result.NotificationsQueued);
    }

    [Fact]
    public async Task RunAsync_SameDayTwice_QueuesEachNotificationOnce()
    {
        var kit = await SeedAsync();

        var first = await kit.Sweep.RunAsync(Today, CancellationToken.None);
        kit.Clock.SetUtcNow(Now.AddHours(5));
        var second = await kit.Sweep.RunAsync(Today, CancellationToken.None);

        Assert.Equal(5, first.NotificationsQueued);
        Assert.Equal((0, 5), (second.NotificationsQueued, second.NotificationsAlreadyQueued));
        Assert.Equal(5, (await kit.Outbox.ReadAsync(Today)).Count);
    }

    [Fact]
    public async Task RunAsync_StaleIndexRows_AreDeletedAndNotNotified()
    {
        var kit = await SeedAsync();

        await kit.Sweep.RunAsync(Today, CancellationToken.None);

        var keys = (await kit.Outbox.ReadAsync(Today)).Select(m => m.Message.CaseId).ToHashSet();
        Assert.DoesNotContain(ClosedStale, keys);
        Assert.DoesNotContain(Moved, keys);
        Assert.DoesNotContain(NotYet, keys);
        Assert.DoesNotContain((await kit.Index.DueOnAsync(Today)), e => e.CaseId == ClosedStale);
        Assert.DoesNotContain((await kit.Index.DueOnAsync(new DateOnly(2024, 3, 11))), e => e.CaseId == Moved);
        Assert.DoesNotContain((await kit.Index.WarningStartedAsync(Today)), e => e.CaseId is ClosedStale or Moved);
    }

    [Fact]
    public async Task RunAsync_OverdueMessage_NamesCaseDeadlineArticleAndAction()
    {
        var kit = await SeedAsync();

        await kit.Sweep.RunAsync(Today, CancellationToken.None);

        var message = (await kit.Outbox.ReadAsync(Today))
            .Select(m => m.Message)
            .Single(m => m.Key == ComplianceSweep.Key(Today, Overdue, SweepKind.Overdue, Role.RegistrationOfficer));
        Assert.StartsWith("【逾期督办】案件 " + Overdue, message.Message, StringComparison.Ordinal);
        Assert.Contains("2024-03-08 24:00", message.Message, StringComparison.Ordinal);
        Assert.Contains("已逾期 4 天", message.Message, StringComparison.Ordinal);
        Assert.Contains("依据：市场主体登记管理条例第十九条", message.Message, StringComparison.Ordinal);
        Assert.Contains("作出登记决定", message.Message, StringComparison.Ordinal);
        Assert.Equal("市场主体登记管理条例第十九条", message.Article);
    }

    [Fact]
    public async Task RunAsync_WorkingDay_WritesOneCsvAndHtmlDigestPerAgency()
    {
        var kit = await SeedAsync();

        var result = await kit.Sweep.RunAsync(Today, CancellationToken.None);

        Assert.Equal(["411100", "411102"], result.Digests.Select(d => d.Agency));
        var csv = await kit.Blobs.GetAsync(StorageNames.Reports, "digests/411100/market-regulation/2024-03-12.csv");
        var html = await kit.Blobs.GetAsync(StorageNames.Reports, "digests/411100/market-regulation/2024-03-12.html");
        Assert.NotNull(csv);
        Assert.NotNull(html);
        var csvText = Encoding.UTF8.GetString(csv.Data);
        var lines = csvText.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("逾期," + Overdue, lines[1], StringComparison.Ordinal);
        Assert.Contains(DueToday, Encoding.UTF8.GetString(html.Data), StringComparison.Ordinal);
        Assert.DoesNotContain(CountyOverdue, csvText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-03-16")] // Saturday
    [InlineData("2024-10-01")] // National Day
    public async Task RunAsync_RestDay_SendsNothing(string date)
    {
        var kit = await SeedAsync();
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        var result = await kit.Sweep.RunAsync(day, CancellationToken.None);

        Assert.False(result.WorkingDay);
        Assert.Empty(await kit.Outbox.ReadAsync(day));
        Assert.Empty(result.Digests);
    }

    [Theory]
    [InlineData("2024-03-11", "2024-03-12", "2024-03-12", true)] // due on the day
    [InlineData("2024-03-12", "2024-03-13", "2024-03-12", true)] // warning starts today
    [InlineData("2024-03-10", "2024-03-12", "2024-03-13", true)] // day after the deadline: overdue
    [InlineData("2024-03-13", "2024-03-15", "2024-03-12", false)] // warning not begun: not collected
    public async Task CollectAsync_ByWarningAndDueDate_CollectsExactlyDeadlinesWhoseWarningBegan(
        string warning,
        string due,
        string today,
        bool expected
    )
    {
        var kit = new SupervisionTestKit(Now);
        var d = DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture);
        await kit.SeedAsync(
            DueToday,
            SupervisionTestKit.Deadline(d, DateOnly.Parse(warning, System.Globalization.CultureInfo.InvariantCulture))
        );

        var collected = await kit.Sweep.CollectAsync(
            DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture),
            CancellationToken.None
        );

        Assert.Equal(expected, collected.Items.Any(i => i.Case.Id == DueToday));
        Assert.Equal(expected ? 1 : 0, collected.IndexRowsRead);
    }
}
