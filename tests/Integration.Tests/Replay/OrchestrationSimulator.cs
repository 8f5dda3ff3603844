using Google.Protobuf.WellKnownTypes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Protobuf;

namespace Workflows.Integration.Tests.Replay;

/// <summary>
/// Drives an orchestrator through simulated time the way the engine would, episode by episode, through the SDK's
/// <see cref="GrpcOrchestrationRunner"/>: it records the actions as history, answers activities with
/// <see cref="Activities"/>, fires timers of the current generation when the clock reaches them, raises the external
/// events it is given, and starts a new generation on ContinueAsNew (carrying the events no wait received).
/// Years of a case take a second, and every generation's history length is measured.
/// </summary>
public sealed class OrchestrationSimulator(ITaskOrchestrator orchestrator, string name, string instanceId, Func<string, string?, string?> activities)
{
    private readonly List<HistoryEvent> past = [];
    private readonly List<HistoryEvent> pendingNew = [];
    private readonly List<(int Id, DateTimeOffset FireAt)> timers = [];

    public static JsonDataConverter Json { get; } = JsonDataConverter.Default;

    public DateTimeOffset Now { get; private set; }

    public List<int> GenerationLengths { get; } = [];

    public OrchestrationStatus? Status { get; private set; }

    public string? Output { get; private set; }

    public int CurrentLength => past.Count;

    public void Start(DateTimeOffset at, string version, object input)
    {
        Now = at;
        StartGeneration(version, Json.Serialize(input), []);
        Run();
    }

    /// <summary>Advances the clock to <paramref name="until"/>, firing every timer due on the way, then raises the event.</summary>
    public void Raise(DateTimeOffset until, string eventName, object payload)
    {
        AdvanceTo(until);
        if (Status is null)
        {
            Now = until;
            pendingNew.Add(New(new HistoryEvent { EventRaised = new EventRaisedEvent { Name = eventName, Input = Json.Serialize(payload) } }));
            Run();
        }
    }

    /// <summary>Fires, in order, every timer of the current generation due by <paramref name="until"/>.</summary>
    public void AdvanceTo(DateTimeOffset until)
    {
        while (Status is null && timers.Count > 0 && timers.Min(t => t.FireAt) <= until)
        {
            var timer = timers.MinBy(t => t.FireAt);
            timers.Remove(timer);
            Now = timer.FireAt > Now ? timer.FireAt : Now;
            pendingNew.Add(New(new HistoryEvent { TimerFired = new TimerFiredEvent { TimerId = timer.Id, FireAt = Timestamp.FromDateTimeOffset(timer.FireAt) } }));
            Run();
        }
    }

    private void StartGeneration(string version, string? input, IEnumerable<HistoryEvent> carried)
    {
        if (past.Count > 0)
        {
            GenerationLengths.Add(past.Count);
        }

        past.Clear();
        timers.Clear();
        pendingNew.Clear();
        pendingNew.Add(New(new HistoryEvent
        {
            ExecutionStarted = new ExecutionStartedEvent
            {
                Name = name, Version = version, Input = input,
                OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") },
            },
        }));
        pendingNew.AddRange(carried);
    }

    /// <summary>Runs episodes until the orchestration waits for something outside (a timer or an event) or ends.</summary>
    private void Run()
    {
        while (pendingNew.Count > 0 && Status is null)
        {
            var batch = new List<HistoryEvent> { New(new HistoryEvent { OrchestratorStarted = new OrchestratorStartedEvent() }) };
            batch.AddRange(pendingNew);
            pendingNew.Clear();
            var response = ReplayHarness.Run(orchestrator, instanceId, past, batch);
            past.AddRange(batch);
            Apply(response);
        }
    }

    private void Apply(OrchestratorResponse response)
    {
        var completions = new List<HistoryEvent>();
        foreach (var action in response.Actions)
        {
            switch (action.OrchestratorActionTypeCase)
            {
                case OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                    past.Add(New(new HistoryEvent { EventId = action.Id, TaskScheduled = new TaskScheduledEvent { Name = action.ScheduleTask.Name, Input = action.ScheduleTask.Input } }));
                    completions.Add(New(new HistoryEvent { TaskCompleted = new TaskCompletedEvent { TaskScheduledId = action.Id, Result = activities(action.ScheduleTask.Name, action.ScheduleTask.Input) } }));
                    break;
                case OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                    past.Add(New(new HistoryEvent { EventId = action.Id, TimerCreated = new TimerCreatedEvent { FireAt = action.CreateTimer.FireAt } }));
                    timers.Add((action.Id, action.CreateTimer.FireAt.ToDateTimeOffset()));
                    break;
                case OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration:
                    Complete(action.CompleteOrchestration);
                    return;
                default:
                    throw new NotSupportedException($"The simulator does not model {action.OrchestratorActionTypeCase}.");
            }
        }

        past.Add(New(new HistoryEvent { OrchestratorCompleted = new OrchestratorCompletedEvent() }));
        pendingNew.AddRange(completions);
    }

    private void Complete(CompleteOrchestrationAction complete)
    {
        if (complete.OrchestrationStatus == OrchestrationStatus.ContinuedAsNew)
        {
            StartGeneration(complete.NewVersion ?? string.Empty, complete.Result, complete.CarryoverEvents.Select(e => New(e.Clone())));
            return;
        }

        past.Add(New(new HistoryEvent { OrchestratorCompleted = new OrchestratorCompletedEvent() }));
        GenerationLengths.Add(past.Count);
        Status = complete.OrchestrationStatus;
        Output = complete.Result ?? complete.FailureDetails?.ToString();
    }

    private HistoryEvent New(HistoryEvent e)
    {
        if (e.EventId == 0 && e.EventTypeCase is not (HistoryEvent.EventTypeOneofCase.TaskScheduled or HistoryEvent.EventTypeOneofCase.TimerCreated))
        {
            e.EventId = -1;
        }

        e.Timestamp = Timestamp.FromDateTimeOffset(Now);
        return e;
    }
}
