using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Storage;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Energy;

/// <summary>Issue 13: publishing a calendar year reaches the energy procedures' open deadlines too.</summary>
public sealed class EnergyCalendarListenerTests
{
    private const string CoalCase = "COAL-411102-20261120-AAAAAAAA";
    private const string MarketCase = "REG-411100-20261120-BBBBBBBB";

    [Fact]
    public async Task ActivateAsync_YearPublished_SignalsTheOpenCoalReportDeadline()
    {
        var tables = new InMemoryTableStore();
        var cases = new CaseStore(tables);
        var index = new DeadlineIndex(tables);
        await AddCaseAsync(cases, index, CoalCase, CoalSubstitutionProcedure.ProcedureName, new DateOnly(2027, 3, 1));
        await AddCaseAsync(cases, index, MarketCase, "registration", new DateOnly(2027, 3, 1)); // the market listener's
        await AddCaseAsync(cases, index, "COAL-411102-20261120-CCCCCCCC", CoalSubstitutionProcedure.ProcedureName, new DateOnly(2027, 3, 1),
            closed: true);
        var raised = new List<(string Id, CalendarChangedSignal Signal)>();
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "drop-host");
        client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), CaseFlow.CalendarChangedEvent, It.IsAny<object?>(),
            It.IsAny<CancellationToken>()))
            .Callback<string, string, object?, CancellationToken>((id, _, payload, _) => raised.Add((id, (CalendarChangedSignal)payload!)))
            .Returns(Task.CompletedTask);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        var listener = new EnergyCalendarListener(index, cases, NullLogger<EnergyCalendarListener>.Instance);
        using var calendars = new CalendarService(tables, [listener], clock, NullLogger<CalendarService>.Instance);

        var result = await calendars.ActivateAsync(2027, RepoFiles.Read("samples", "calendars", "2027.json"), "calendars/2027.json",
            client.Object);

        Assert.True(result.Success);
        var (id, signal) = Assert.Single(raised);
        Assert.Equal(CoalCase, id);
        Assert.Equal(2027, signal.Year);
        Assert.Equal(result.Change.EarliestAffectedDate, signal.EarliestAffectedDate);
    }

    private static async Task AddCaseAsync(CaseStore cases, DeadlineIndex index, string id, string procedure, DateOnly due,
        bool closed = false)
    {
        var deadline = new CaseDeadline("coal-implementation-report", "report", due, ChinaTime.EndOfDayUtc(due), due.AddDays(-30),
            LegalCalendar.MonthsRule, "Art. 16", false, [], Role.ProjectOwner, due.AddMonths(-3), 3);
        var record = new CaseRecord
        {
            Id = id, Procedure = procedure, Agency = "411102", Title = id, State = "reporting",
            CreatedUtc = ChinaTime.StartOfDayUtc(due.AddMonths(-4)), OrchestrationId = id, Deadline = deadline, Closed = closed,
        };
        await cases.TryCreateAsync(record);
        await index.PutAsync(new DeadlineEntry(id, "411102", procedure, id, deadline));
    }
}
