using System.Text.Json;
using Microsoft.DurableTask;
using Moq;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Functions.Activities.Energy;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Orchestrations.Energy;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.Tests.Energy;

/// <summary>A mocked orchestration context: a queue of case events (each optionally held back until the orchestration
/// publishes a given state), timers that move the clock, and recorded activity calls.</summary>
internal sealed class CoalOrchestrationHarness
{
    private readonly Queue<(CaseEventEnvelope Envelope, string? AfterState)> events = new();
    private readonly List<string> publishedStates = [];
    private TaskCompletionSource<CaseEventEnvelope>? held;
    private TaskCompletionSource<CalendarChangedSignal>? heldCalendar;
    private (CalendarChangedSignal Signal, string AfterState)? calendarChange;
    private int eventNumber;

    public CoalOrchestrationHarness(DateTime nowUtc)
    {
        Now = nowUtc;
        Context.SetupGet(c => c.InstanceId).Returns("COAL-411102-20250106-TEST0001");
        Context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        Context.SetupGet(c => c.Version).Returns(() => Version);
        Context
            .Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>(
                (at, _) =>
                {
                    Timers.Add(at);
                    Now = at > Now ? at : Now;
                }
            )
            .Returns(Task.CompletedTask);
        Context
            .Setup(c => c.WaitForExternalEvent<CaseEventEnvelope>(CaseEventEnvelope.EventName, It.IsAny<CancellationToken>()))
            .Returns(NextEvent);
        Context
            .Setup(c => c.WaitForExternalEvent<CalendarChangedSignal>(CaseFlow.CalendarChangedEvent, It.IsAny<CancellationToken>()))
            .Returns(NextCalendarChange);
        Context
            .Setup(c => c.CallActivityAsync<CaseWritten>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                {
                    var update = (CaseUpdate)input!;
                    Updates.Add(update);
                    if (update.State is { } state)
                    {
                        publishedStates.Add(state);
                        if (heldCalendar is not null && calendarChange is { } change && change.AfterState == state)
                        {
                            var release = heldCalendar;
                            (heldCalendar, calendarChange) = (null, null);
                            release.SetResult(change.Signal);
                        }

                        if (held is not null && events.Count > 0 && events.Peek().AfterState == state)
                        {
                            var release = held;
                            held = null;
                            release.SetResult(events.Dequeue().Envelope);
                        }
                    }

                    return Task.FromResult(new CaseWritten("case", "written", false));
                }
            );
        Context
            .Setup(c => c.CallActivityAsync<CoalGateOutcome>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                {
                    var request = (CoalGateRequest)input!;
                    GateRequests.Add(request);
                    return Task.FromResult(Gate(request));
                }
            );
        Context
            .Setup(c => c.CallActivityAsync<SubstitutionSupplement>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                    new ComputeCoalSupplementActivity().RunAsync((CoalSupplementRequest)input!, CancellationToken.None)
            );
        Context
            .Setup(c => c.CallActivityAsync<CaseDeadline>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                {
                    var request = (Activities.DeadlineRequest)input!;
                    DeadlineRequests.Add(request);
                    if (request.PeriodId != CoalSubstitutionOrchestration.ReportPeriod)
                    {
                        // On the embedded calendar; a request computed again (a calendar change) moves by RecomputeShiftDays.
                        var computed = Activities.ComputeDeadlineActivity.Compute(LegalCalendar.LoadEmbedded(), request);
                        var shift = DeadlineRequests.Count(r => r == request) > 1 ? RecomputeShiftDays : 0;
                        var moved = computed.Due.AddDays(shift);
                        return Task.FromResult(computed with { Due = moved, DueUtc = ChinaTime.EndOfDayUtc(moved) });
                    }

                    var period = request.ResolvePeriod();
                    var due = request.Start.AddMonths(period.Amount).AddDays(DeadlineRequests.Count > 1 ? RecomputeShiftDays : 0);
                    return Task.FromResult(
                        new CaseDeadline(
                            request.Kind,
                            request.Label,
                            due,
                            ChinaTime.EndOfDayUtc(due),
                            due.AddDays(-30),
                            period.RuleId,
                            "Civil Code Art. 202",
                            false,
                            [$"{request.Start:yyyy-MM-dd} + {period.Amount} months = {due:yyyy-MM-dd}"],
                            request.ResponsibleRole,
                            request.Start,
                            period.Amount
                        )
                    );
                }
            );
    }

    public Mock<TaskOrchestrationContext> Context { get; } = new(MockBehavior.Strict);

    /// <summary>The orchestration version the instance started on (default: what new instances start on).</summary>
    public string Version { get; set; } = Workflows.Functions.Orchestrations.OrchestrationVersions.Current;

    /// <summary>Days a recomputed deadline (any request after the first) moves, as a changed calendar would move it.</summary>
    public int RecomputeShiftDays { get; set; }

    public DateTime Now { get; private set; }

    public List<CaseUpdate> Updates { get; } = [];

    public List<DateTime> Timers { get; } = [];

    public List<CoalGateRequest> GateRequests { get; } = [];

    public List<Activities.DeadlineRequest> DeadlineRequests { get; } = [];

    /// <summary>Gate answers; the default passes with the required tonnes achieved.</summary>
    public Func<CoalGateRequest, CoalGateOutcome> Gate { get; set; } =
        r => new CoalGateOutcome(true, r.RequiredQ, "pass", "passed", "Art. 15");

    public IEnumerable<string> States => publishedStates;

    /// <summary>True once the orchestration asked for an event after the script ran out (the signal that it waits).</summary>
    public bool OutOfEvents { get; private set; }

    public IEnumerable<AuditEntry> Audit => Updates.SelectMany(u => u.Audit);

    public CaseCaseView Last => new(Updates[^1]);

    public CoalOrchestrationHarness Event(
        string type,
        string role,
        object? payload = null,
        DateTime? acceptedUtc = null,
        string? afterState = null
    )
    {
        eventNumber++;
        var json = JsonSerializer.Serialize(payload ?? new { }, CaseJson.Options);
        using var doc = JsonDocument.Parse(json);
        var withType = JsonSerializer.Serialize(
            doc.RootElement.EnumerateObject()
                .ToDictionary(p => p.Name, p => (object)p.Value)
                .Append(new KeyValuePair<string, object>("type", type))
                .ToDictionary()
        );
        events.Enqueue(
            (
                new CaseEventEnvelope(
                    $"e{eventNumber}",
                    type,
                    $"{role}-1",
                    role,
                    role,
                    new DateTimeOffset(acceptedUtc ?? Now, TimeSpan.Zero),
                    withType
                ),
                afterState
            )
        );
        return this;
    }

    /// <summary>A calendar change signalled once the orchestration has published <paramref name="afterState"/>.</summary>
    public CoalOrchestrationHarness CalendarChange(CalendarChangedSignal signal, string afterState)
    {
        calendarChange = (signal, afterState);
        return this;
    }

    private Task<CalendarChangedSignal> NextCalendarChange()
    {
        if (calendarChange is { } change && publishedStates.Contains(change.AfterState))
        {
            calendarChange = null;
            return Task.FromResult(change.Signal);
        }

        // Completed inline when the state is published (as held events are): the one calendar wait of the case flow
        // is made long before the state the change is scripted after.
        heldCalendar = new TaskCompletionSource<CalendarChangedSignal>();
        return heldCalendar.Task;
    }

    private Task<CaseEventEnvelope> NextEvent()
    {
        if (events.Count == 0)
        {
            OutOfEvents = true;
            return new TaskCompletionSource<CaseEventEnvelope>().Task; // waits for ever: the test inspects the state reached
        }

        var (envelope, afterState) = events.Peek();
        if (afterState is not null && !publishedStates.Contains(afterState))
        {
            // Completed inline when the state is published: the orchestrator is then running, not awaiting this task,
            // so the whole run stays on the test's thread and has finished or is waiting when RunAsync returns.
            held = new TaskCompletionSource<CaseEventEnvelope>();
            return held.Task;
        }

        events.Dequeue();
        return Task.FromResult(envelope);
    }

    public static CoalProjectInput Input(decimal tce = 2_500m, string city = "漯河市", string county = "源汇区", decimal d = 3_000m)
    {
        var rules = CoalSubstitutionRuleTable.LoadRevision2021();
        var intake = new CoalProjectIntake(
            "漯河某化工有限公司煤制合成氨原料项目",
            "91411102MA45B8C906",
            "漯河市郾城区建材有限公司",
            ProjectKind.New,
            "chemicals",
            CoalUse.RawMaterial,
            d,
            new ProjectLocation(city, county),
            tce
        );
        var data = new CoalCaseData(
            intake,
            rules.EffectiveFrom,
            SubstitutionCalculator.Compute(intake, rules),
            ReviewRouting.For(intake, rules),
            new DateOnly(2025, 1, 6),
            0m,
            rules.Review.MinimumAchievedShareBeforeReview
        );
        return new CoalProjectInput("COAL-411102-20250106-TEST0001", "411102", "411100", rules.Review.ImplementationReportMonths, data);
    }
}

/// <summary>The last published update, read as the case would show it.</summary>
internal sealed record CaseCaseView(CaseUpdate Update)
{
    public CoalCaseData Data => JsonSerializer.Deserialize<CoalCaseData>(Update.DataJson!, CaseJson.Options)!;
}
