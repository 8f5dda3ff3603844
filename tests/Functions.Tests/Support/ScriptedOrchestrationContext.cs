using System.Text.Json;
using Microsoft.DurableTask;
using Moq;
using Workflows.Domain.Calendar;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Activities;
using Workflows.Functions.Activities.MarketEntities;
using Workflows.Functions.Cases;
using Workflows.Functions.MarketEntities;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.Tests.Support;

/// <summary>
/// The one mocked TaskOrchestrationContext of the orchestration unit tests (issue 13 item 5), driven by a script of
/// case events and calendar changes, each at a China-time instant. Timers complete when no scripted event comes first;
/// the replay-safe clock jumps to whichever fires, so a procedure's days can be lived through inside a window.
/// Activities are answered in memory: case writes recorded, deadlines on the embedded legal calendar (or an override),
/// licences by the real activity, ban checks from <see cref="BanHits"/>; a family's own activities through
/// <c>Answers</c> (the power family's by its real activities, <c>PowerScript</c>; the coal gates and supplements,
/// <c>CoalScript</c>).
/// </summary>
public sealed class ScriptedOrchestrationContext
{
    private readonly Queue<(DateTime At, string Name, object Payload)> script = new();
    private readonly Mock<TaskOrchestrationContext> mock = new(MockBehavior.Strict);
    private DateTime now;
    private TaskCompletionSource<CaseEventEnvelope>? pendingEvent;
    private TaskCompletionSource<CalendarChangedSignal>? pendingCalendar;
    private (DateTime At, TaskCompletionSource Tcs)? pendingTimer;
    private int eventCount;

    public ScriptedOrchestrationContext(DateTimeOffset startUtc, string caseId = "REG-411100-20240208-TESTCASE")
    {
        now = startUtc.UtcDateTime;
        CaseId = caseId;
        mock.SetupGet(c => c.InstanceId).Returns(caseId);
        mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        // One generation, as instances without a version run (issue 17): a script does not model ContinueAsNew; the
        // version-2 tracker's generations run on the real SDK runner in Integration.Tests/Replay.
        mock.SetupGet(c => c.Version).Returns(string.Empty);
        mock.Setup(c => c.WaitForExternalEvent<CaseEventEnvelope>(CaseEventEnvelope.EventName, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                pendingEvent = new TaskCompletionSource<CaseEventEnvelope>();
                return pendingEvent.Task;
            });
        mock.Setup(c => c.WaitForExternalEvent<CalendarChangedSignal>(CaseFlow.CalendarChangedEvent, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                pendingCalendar = new TaskCompletionSource<CalendarChangedSignal>();
                return pendingCalendar.Task;
            });
        mock.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? status) => CustomStatuses.Add(status));
        mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns(
                (DateTime at, CancellationToken _) =>
                {
                    Timers.Add(at);
                    var tcs = new TaskCompletionSource();
                    pendingTimer = (at, tcs);
                    return tcs.Task;
                }
            );
        mock.Setup(c => c.CallActivityAsync<CaseWritten>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                {
                    Updates.Add((CaseUpdate)input!);
                    return Task.FromResult(new CaseWritten("case", "written", false));
                }
            );
        mock.Setup(c => c.CallActivityAsync<CaseDeadline>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                {
                    var request = (DeadlineRequest)input!;
                    DeadlineRequests.Add(request);
                    return Task.FromResult(ComputeDeadline(request));
                }
            );
        mock.Setup(c => c.CallActivityAsync<IReadOnlyList<BanHitView>>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                {
                    BanChecks.Add((BanCheckInput)input!);
                    return Task.FromResult(BanHits);
                }
            );
        mock.Setup(c => c.CallActivityAsync<BusinessLicence>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                {
                    return new IssueLicenceActivity().RunAsync((IssueLicenceInput)input!, CancellationToken.None);
                }
            );
        mock.Setup(c => c.CallActivityAsync<int>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(
                (TaskName _, object? input, TaskOptions? _) =>
                {
                    BanCommands.Add((BanRegistryCommand)input!);
                    return Task.FromResult(1);
                }
            );
    }

    /// <summary>Starts the script at <paramref name="startChinaTime"/> (yyyy-MM-dd HH:mm, China time).</summary>
    public ScriptedOrchestrationContext(string startChinaTime, string caseId)
        : this(ChinaInstant(startChinaTime), caseId) { }

    public string CaseId { get; }

    /// <summary>The role a scripted event is sent by when <see cref="Event"/> names none.</summary>
    public string DefaultRole { get; init; } = "RegistrationOfficer";

    public List<CaseUpdate> Updates { get; } = [];

    public List<DeadlineRequest> DeadlineRequests { get; } = [];

    public List<DateTime> Timers { get; } = [];

    /// <summary>Every custom status the orchestration set, in order.</summary>
    public List<object?> CustomStatuses { get; } = [];

    /// <summary>The instant a timer's completion reaches the orchestration, from its fire time (default: that time; the
    /// Azure Storage provider may deliver a timer up to a second early, which <c>WaitUntilAsync</c> must absorb).</summary>
    public Func<DateTime, DateTime> TimerDelivery { get; init; } = fireAt => fireAt;

    public List<BanCheckInput> BanChecks { get; } = [];

    public List<BanRegistryCommand> BanCommands { get; } = [];

    public IReadOnlyList<BanHitView> BanHits { get; set; } = [];

    /// <summary>How deadlines are computed (default: the embedded legal calendar).</summary>
    public Func<DeadlineRequest, CaseDeadline> ComputeDeadline { get; set; } =
        r => ComputeDeadlineActivity.Compute(LegalCalendar.LoadEmbedded(), r);

    public IEnumerable<AuditEntry> Audit => Updates.SelectMany(u => u.Audit);

    /// <summary>The options every activity call was made with, in order.</summary>
    public IEnumerable<TaskOptions?> ActivityOptions =>
        mock
            .Invocations.Where(i => i.Method.Name == nameof(TaskOrchestrationContext.CallActivityAsync))
            .Select(i => (TaskOptions?)i.Arguments[2]);

    public IEnumerable<NotificationRequest> Notifications => Updates.SelectMany(u => u.Notifications);

    public CaseUpdate Last => Updates[^1];

    /// <summary>Every state the orchestration published, in order (repeats kept).</summary>
    public IEnumerable<string> States => Updates.Select(u => u.State).OfType<string>();

    /// <summary>The names of the activities called, in order.</summary>
    public IEnumerable<string> ActivityNames =>
        mock
            .Invocations.Where(i => i.Method.Name == nameof(TaskOrchestrationContext.CallActivityAsync))
            .Select(i => ((TaskName)i.Arguments[0]).Name);

    /// <summary>The inputs of the activity calls made with a <typeparamref name="TInput"/>, in order.</summary>
    public IReadOnlyList<TInput> Inputs<TInput>() =>
        [
            .. mock
                .Invocations.Where(i => i.Method.Name == nameof(TaskOrchestrationContext.CallActivityAsync))
                .Select(i => i.Arguments[1])
                .OfType<TInput>(),
        ];

    /// <summary>Every deadline the orchestration published, in order.</summary>
    public IEnumerable<CaseDeadline> PublishedDeadlines => Updates.Where(u => u.Deadline is not null).Select(u => u.Deadline!);

    /// <summary>Answers the activity calls that return <typeparamref name="TOutput"/> with <paramref name="answer"/>.</summary>
    public ScriptedOrchestrationContext Answers<TInput, TOutput>(Func<TInput, Task<TOutput>> answer)
    {
        mock.Setup(c => c.CallActivityAsync<TOutput>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) => answer((TInput)input!));
        return this;
    }

    /// <summary>Answers the activity calls that return <typeparamref name="TOutput"/> with <paramref name="answer"/>, at once.</summary>
    public ScriptedOrchestrationContext Answers<TInput, TOutput>(Func<TInput, TOutput> answer) =>
        Answers<TInput, TOutput>(input => Task.FromResult(answer(input)));

    /// <summary>Runs the script as an instance started on <paramref name="version"/> (one generation still).</summary>
    public ScriptedOrchestrationContext OnVersion(string version)
    {
        mock.SetupGet(c => c.Version).Returns(version);
        return this;
    }

    /// <summary>Schedules a case event at <paramref name="chinaTime"/> (yyyy-MM-dd HH:mm, China time).</summary>
    public ScriptedOrchestrationContext Event(string chinaTime, string type, object? payload = null, string? role = null)
    {
        role ??= DefaultRole;
        var at = ChinaInstant(chinaTime);
        var json = JsonSerializer.SerializeToElement(payload ?? new { }, CaseJson.Options);
        var fields = json.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        fields["type"] = type;
        eventCount++;
        var envelope = new CaseEventEnvelope(
            $"{CaseId}-e{eventCount}",
            type,
            $"actor-{role}",
            role,
            role,
            at,
            JsonSerializer.Serialize(fields, CaseJson.Options)
        );
        script.Enqueue((at.UtcDateTime, CaseEventEnvelope.EventName, envelope));
        return this;
    }

    /// <summary>Delivers the last scheduled case event again at <paramref name="chinaTime"/>, same envelope and event id
    /// (what the API's retry path does when the first raise may have been lost with a killed host).</summary>
    public ScriptedOrchestrationContext RepeatLastEvent(string chinaTime)
    {
        var last = script.Last(s => s.Name == CaseEventEnvelope.EventName);
        script.Enqueue((ChinaInstant(chinaTime).UtcDateTime, last.Name, last.Payload));
        return this;
    }

    public ScriptedOrchestrationContext CalendarChange(string chinaTime, int year, DateOnly earliest)
    {
        var at = ChinaInstant(chinaTime);
        script.Enqueue((at.UtcDateTime, CaseFlow.CalendarChangedEvent, new CalendarChangedSignal(year, earliest, at, "test notice")));
        return this;
    }

    public static DateTimeOffset ChinaInstant(string chinaTime) =>
        new DateTimeOffset(
            DateTime.ParseExact(chinaTime, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ChinaTime.Offset
        ).ToUniversalTime();

    /// <summary>Runs the orchestration until it returns, or until it waits with nothing left to deliver (Completed = false).
    /// Every answer of this context completes inline (activities synchronously, a delivered event or timer through
    /// SetResult on this thread), so when <see cref="Step"/> returns the orchestrator has already run to its next wait
    /// or its end: that is the signal, no clock decides "still waiting". It runs on the thread pool, outside the test
    /// framework's synchronization context, which would otherwise queue the orchestrator's continuations.</summary>
    public Task<(bool Completed, TOutput? Output)> RunAsync<TOutput>(Func<TaskOrchestrationContext, Task<TOutput>> orchestration) =>
        Task.Run<(bool Completed, TOutput? Output)>(async () =>
        {
            var run = orchestration(mock.Object);
            while (!run.IsCompleted)
            {
                if (!Step())
                {
                    return (false, default(TOutput));
                }
            }

            return (true, await run);
        });

    private bool Step()
    {
        var hasNext = script.TryPeek(out var next);
        if (pendingTimer is { } timer && (!hasNext || next.At > timer.At))
        {
            pendingTimer = null;
            now = TimerDelivery(timer.At);
            timer.Tcs.SetResult();
            return true;
        }

        if (!hasNext)
        {
            return false;
        }

        script.Dequeue();
        pendingTimer = null; // the orchestration cancels the timer that lost the race
        if (next.At > now)
        {
            now = next.At;
        }

        if (next.Name == CaseEventEnvelope.EventName)
        {
            var waiting = pendingEvent ?? throw new InvalidOperationException("The orchestration is not waiting for a case event.");
            waiting.SetResult((CaseEventEnvelope)next.Payload);
        }
        else
        {
            var waiting = pendingCalendar ?? throw new InvalidOperationException("The orchestration is not waiting for a calendar change.");
            waiting.SetResult((CalendarChangedSignal)next.Payload);
        }

        return true;
    }
}
