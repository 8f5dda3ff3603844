using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;
using Workflows.Functions.Storage;

namespace Workflows.Functions.Tests.MarketEntities;

public sealed class MarketEntityCalendarListenerTests
{
    private static CaseDeadline Deadline(DateOnly due) =>
        new(
            "registration-decision",
            "decision",
            due,
            ChinaTime.EndOfDayUtc(due),
            due.AddDays(-1),
            LegalCalendar.WorkingDaysRule,
            "basis",
            false,
            [],
            Role.RegistrationOfficer,
            due.AddDays(-5),
            3
        );

    private static async Task AddCaseAsync(
        CaseStore cases,
        DeadlineIndex index,
        string id,
        string procedure,
        DateOnly due,
        bool closed = false
    )
    {
        var record = new CaseRecord
        {
            Id = id,
            Procedure = procedure,
            Agency = "411100",
            Title = id,
            State = "under-review",
            CreatedUtc = ChinaTime.StartOfDayUtc(due.AddDays(-5)),
            OrchestrationId = id,
            Deadline = Deadline(due),
            Closed = closed,
        };
        await cases.TryCreateAsync(record);
        await index.PutAsync(new DeadlineEntry(id, "411100", procedure, id, record.Deadline!));
    }

    [Fact]
    public async Task OnYearChangedAsync_OpenMarketCasesDueOnOrAfterEarliestChange_AreSignalled()
    {
        var tables = new InMemoryTableStore();
        var cases = new CaseStore(tables);
        var index = new DeadlineIndex(tables);
        await AddCaseAsync(cases, index, "REG-411100-20240208-AAAAAAAA", "registration", new DateOnly(2024, 2, 19));
        await AddCaseAsync(cases, index, "TRK-411100-20240201-BBBBBBBB", "tracker", new DateOnly(2024, 2, 18));
        await AddCaseAsync(cases, index, "REG-411100-20240201-CCCCCCCC", "registration", new DateOnly(2024, 2, 9));
        await AddCaseAsync(cases, index, "REG-411100-20240205-DDDDDDDD", "registration", new DateOnly(2024, 2, 20), closed: true);
        await AddCaseAsync(cases, index, "COAL-411100-20240205-EEEEEEEE", "coal-review", new DateOnly(2024, 2, 20));
        var client = new Mock<DurableTaskClient>("test");
        var raised = new List<(string Id, CalendarChangedSignal Signal)>();
        client
            .Setup(c =>
                c.RaiseEventAsync(It.IsAny<string>(), CaseFlow.CalendarChangedEvent, It.IsAny<object?>(), It.IsAny<CancellationToken>())
            )
            .Callback<string, string, object?, CancellationToken>((id, _, payload, _) => raised.Add((id, (CalendarChangedSignal)payload!)))
            .Returns(Task.CompletedTask);
        var listener = new MarketEntityCalendarListener(index, cases, NullLogger<MarketEntityCalendarListener>.Instance);
        var change = new CalendarYearChanged(
            2024,
            YearStatus.Provisional,
            YearStatus.Official,
            "国办发明电〔2023〕7号",
            [],
            [new DateOnly(2024, 2, 16)],
            [],
            [new DateOnly(2024, 2, 18)],
            [],
            [new DateOnly(2024, 2, 16), new DateOnly(2024, 2, 18)]
        );

        await listener.OnYearChangedAsync(
            change,
            ChinaTime.StartOfDayUtc(new DateOnly(2023, 12, 1)),
            client.Object,
            CancellationToken.None
        );

        Assert.Equal(
            ["REG-411100-20240208-AAAAAAAA", "TRK-411100-20240201-BBBBBBBB"],
            raised.Select(r => r.Id).Order(StringComparer.Ordinal)
        );
        Assert.All(raised, r => Assert.Equal(new DateOnly(2024, 2, 16), r.Signal.EarliestAffectedDate));
    }

    [Fact]
    public async Task OnYearChangedAsync_OnlyNamesChanged_SignalsNobody()
    {
        var tables = new InMemoryTableStore();
        var cases = new CaseStore(tables);
        var index = new DeadlineIndex(tables);
        await AddCaseAsync(cases, index, "REG-411100-20240208-AAAAAAAA", "registration", new DateOnly(2024, 2, 19));
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        var listener = new MarketEntityCalendarListener(index, cases, NullLogger<MarketEntityCalendarListener>.Instance);

        await listener.OnYearChangedAsync(
            new CalendarYearChanged(2024, YearStatus.Official, YearStatus.Official, "renamed", [], [], [], [], [], []),
            DateTimeOffset.UnixEpoch,
            client.Object,
            CancellationToken.None
        );

        client.VerifyNoOtherCalls();
    }
}
